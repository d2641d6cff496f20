using System.Data.Common;
using PSMigrate.Dialects;

namespace PSMigrate.Schema.Inspection;

/// <summary>
/// Reads a live database into the model. The ignored tables are PSMigrate's own,
/// which belong to no schema the user writes.
/// </summary>
internal abstract class SchemaInspector
{
    public abstract DatabaseSchema Inspect(DbConnection connection, IReadOnlySet<string> ignored);

    protected static List<object?[]> Rows(DbConnection connection, string sql) => Drivers.Rows(connection, sql);

    protected static string? Text(object? value) => value is null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);

    protected static ReferentialAction Action(string? rule) => rule?.ToUpperInvariant().Replace('_', ' ') switch
    {
        "CASCADE" or "C" => ReferentialAction.Cascade,
        "SET NULL" or "N" => ReferentialAction.SetNull,
        "SET DEFAULT" or "D" => ReferentialAction.SetDefault,
        "RESTRICT" or "R" => ReferentialAction.Restrict,
        _ => ReferentialAction.NoAction,
    };

    /// <summary>The neutral name of a native type, for readers of the model (comparison uses the native type).</summary>
    public static string Neutral(string native)
    {
        var type = native.Trim().ToLowerInvariant();
        var paren = type.IndexOf('(');
        var head = (paren < 0 ? type : type[..paren]).Trim();
        var args = paren < 0 ? "" : type[paren..].Replace(" ", "");
        return head switch
        {
            "int" or "integer" or "int4" or "mediumint" => "integer",
            "bigint" or "int8" => "bigint",
            "smallint" or "int2" or "tinyint" when args != "(1)" => "smallint",
            "tinyint" or "bool" or "boolean" => "boolean",
            "text" or "clob" or "longtext" or "mediumtext" => "text",
            "varchar" or "character varying" or "nvarchar" => "varchar" + args,
            "char" or "character" or "bpchar" => "char" + args,
            "real" or "float4" or "float" => "real",
            "double" or "double precision" or "float8" => "double",
            "numeric" or "decimal" => "numeric" + args,
            "date" => "date",
            "timestamp" or "datetime" or "timestamp without time zone" => "timestamp",
            "timestamptz" or "timestamp with time zone" => "timestamptz",
            "blob" or "bytea" or "longblob" or "varbinary" => "blob",
            "json" or "jsonb" => "json",
            "uuid" => "uuid",
            _ => type,
        };
    }
}

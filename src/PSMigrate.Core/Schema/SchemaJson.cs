using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PSMigrate.Schema;

/// <summary>The model as stable JSON: names sorted, camelCase, enums as words; the same schema always writes the same text.</summary>
internal static class SchemaJson
{
    // Source-generated, so the native psmigrate (compiled ahead of time, with no reflection over the model) writes it too.
    private static readonly JsonSerializerOptions Options = new(SchemaJsonContext.Default.Options)
    {
        // What only PostgreSQL has is written only when there is some, so other dialects' exports stay as they were.
        TypeInfoResolver = SchemaJsonContext.Default.WithAddedModifier(info =>
        {
            foreach (var property in info.Properties.Where(p => p.Name is "domains" or "routines" or "materializedViews"))
                property.ShouldSerialize = (_, value) => value is System.Collections.ICollection { Count: > 0 };
        }),
    };

    public static string Write(DatabaseSchema schema, string dialect) =>
        JsonSerializer.Serialize(new SchemaDocument(dialect, Sorted(schema)), Options.GetTypeInfo(typeof(SchemaDocument))) + "\n";

    private static DatabaseSchema Sorted(DatabaseSchema s) => new(
        s.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList(),
        s.Views.OrderBy(v => v.Name, StringComparer.Ordinal).ToList(),
        s.Enums.OrderBy(e => e.Name, StringComparer.Ordinal).ToList(),
        s.Sequences.OrderBy(q => q.Name, StringComparer.Ordinal).ToList(),
        s.Triggers.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Table, StringComparer.Ordinal).ToList(),
        s.Unmanaged.OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList())
    {
        Domains = s.Domains.OrderBy(d => d.Name, StringComparer.Ordinal).ToList(),
        Routines = s.Routines.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
        MaterializedViews = s.MaterializedViews.OrderBy(m => m.Name, StringComparer.Ordinal).ToList(),
    };
}

/// <summary>What a schema export holds: the dialect it was read from, and the model.</summary>
internal sealed record SchemaDocument(string Dialect, DatabaseSchema Schema);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnum<ColumnIdentity>), typeof(CamelCaseEnum<ReferentialAction>)])]
[JsonSerializable(typeof(SchemaDocument))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext;

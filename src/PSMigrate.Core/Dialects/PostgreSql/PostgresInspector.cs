using System.Data.Common;
using PSMigrate.Schema;
using PSMigrate.Schema.Inspection;

namespace PSMigrate.Dialects.PostgreSql;

/// <summary>
/// PostgreSQL from pg_catalog: one query per kind of object over the current schema, never one
/// per table, so a thousand tables cost a handful of round trips. Definitions come from the
/// server's own pg_get_*def functions, which normalize them.
/// </summary>
internal sealed class PostgresInspector : SchemaInspector
{
    private const string InSchema = "n.nspname = current_schema()";

    public override DatabaseSchema Inspect(DbConnection connection, IReadOnlySet<string> ignored)
    {
        bool Kept(object? table) => !ignored.Contains(Text(table)!);
        // The planner guesses a thousand keys per index, and above its cost line JIT-compiles the
        // catalog queries: at a thousand tables, 0.4 s of compiling for a few milliseconds of work.
        Drivers.Execute(connection, "SET jit = off");

        var columns = Rows(connection, $"""
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                   a.attidentity::text, CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END, col_description(c.oid, a.attnum),
                   t.typtype::text = 'e', t.typname::text, a.attgenerated::text
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE c.relkind IN ('r', 'p') AND {InSchema} AND a.attnum > 0 AND NOT a.attisdropped AND (a.attislocal OR NOT c.relispartition)
            ORDER BY c.relname, a.attnum
            """).Where(r => Kept(r[0])).ToList();

        var constraints = Rows(connection, $"""
            SELECT c.relname::text, con.conname::text, con.contype::text, pg_get_constraintdef(con.oid, true),
                   array_to_string(ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.i), chr(1)),
                   fc.relname::text,
                   array_to_string(ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.i), chr(1)),
                   con.confdeltype::text, con.confupdtype::text
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class fc ON fc.oid = con.confrelid
            WHERE {InSchema} AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 AND con.conislocal
            """).Where(r => Kept(r[0])).ToList();

        var indexes = Rows(connection, $"""
            SELECT t.relname::text, i.relname::text, ix.indisunique, pg_get_expr(ix.indpred, ix.indrelid, true),
                   array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true)
                                                || coalesce((SELECT ' ' || oc.opcname::text FROM pg_opclass oc WHERE oc.oid = ix.indclass[k - 1] AND NOT oc.opcdefault), '')
                                         FROM generate_series(1, ix.indnkeyatts) k ORDER BY k), chr(1)),
                   NULLIF(am.amname::text, 'btree')
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_am am ON am.oid = i.relam
            WHERE {InSchema} AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
              AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = ix.indexrelid)
            """).Where(r => Kept(r[0])).ToList();

        var tableRows = Rows(connection, $"""
            SELECT c.relname::text, obj_description(c.oid, 'pg_class'), CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                   (SELECT pc.relname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent WHERE i.inhrelid = c.oid AND c.relispartition),
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {InSchema}
            """).Where(r => Kept(r[0])).ToDictionary(r => Text(r[0])!);
        var tableComments = tableRows.ToDictionary(r => r.Key, r => Text(r.Value[1]));

        var tables = tableComments.Keys.Order(StringComparer.Ordinal).Select(name =>
        {
            var own = constraints.Where(r => Text(r[0]) == name).ToList();
            var pk = own.FirstOrDefault(r => Text(r[2]) == "p");
            return new Table(name,
                columns.Where(r => Text(r[0]) == name).Select(r =>
                {
                    var native = Text(r[2])!;
                    // pg_attrdef holds a stored generated column's expression where others keep their default.
                    var generated = Text(r[10]) == "s";
                    return new Column(Text(r[1])!, (bool)r[8]! ? "enum:" + Text(r[9]) : Neutral(native), native, !(bool)r[3]!, generated ? null : Text(r[4]),
                        Text(r[5]) switch { "a" => ColumnIdentity.Always, "d" => ColumnIdentity.ByDefault, _ => ColumnIdentity.None }, Text(r[6]), Text(r[7]))
                        { Generated = generated ? new GeneratedColumn(Text(r[4])!, Stored: true) : null };
                }).ToList(),
                pk is null ? null : new PrimaryKey(Text(pk[1]), List(pk[4])),
                own.Where(r => Text(r[2]) == "u").Select(r => new UniqueConstraint(Text(r[1])!, List(r[4]))).OrderBy(u => u.Name, StringComparer.Ordinal).ToList(),
                indexes.Where(r => Text(r[0]) == name)
                    .Select(r => new TableIndex(Text(r[1])!, List(r[4]), (bool)r[2]!, Text(r[3]), Text(r[5])))
                    .OrderBy(i => i.Name, StringComparer.Ordinal).ToList(),
                own.Where(r => Text(r[2]) == "f")
                    .Select(r => new ForeignKey(Text(r[1])!, List(r[4]), Text(r[5])!, List(r[6]), Action(Text(r[7])), Action(Text(r[8]))))
                    .OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
                own.Where(r => Text(r[2]) == "c").Select(r => new CheckConstraint(Text(r[1])!, CheckExpression(Text(r[3])!)))
                    .OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
                tableComments[name])
            {
                PartitionBy = Text(tableRows[name][2]), PartitionOf = Text(tableRows[name][3]), PartitionBound = Text(tableRows[name][4]),
            };
        }).ToList();

        var views = Rows(connection, $"""
            SELECT c.relname::text, pg_get_viewdef(c.oid, true) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'v' AND {InSchema} ORDER BY c.relname
            """).Select(r => new View(Text(r[0])!, SqlText.Normalize(Text(r[1])!))).ToList();

        var enums = Rows(connection, $"""
            SELECT t.typname::text, array_to_string(ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), chr(1))
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typtype = 'e' AND {InSchema} ORDER BY t.typname
            """).Select(r => new EnumType(Text(r[0])!, List(r[1]))).ToList();

        // Sequences a serial or identity column owns come with their column.
        var sequences = Rows(connection, $"""
            SELECT c.relname::text, s.seqstart, s.seqincrement FROM pg_sequence s
            JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {InSchema} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
            ORDER BY c.relname
            """).Select(r => new Sequence(Text(r[0])!, Convert.ToInt64(r[1]), Convert.ToInt64(r[2]))).ToList();

        var triggers = Rows(connection, $"""
            SELECT tg.tgname::text, c.relname::text, pg_get_triggerdef(tg.oid, true) FROM pg_trigger tg
            JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND {InSchema} ORDER BY tg.tgname
            """).Where(r => Kept(r[1])).Select(r => new Trigger(Text(r[0])!, Text(r[1])!, SqlText.Normalize(Text(r[2])!))).ToList();

        var routines = Rows(connection, $"""
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname::text || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                   pg_get_functiondef(p.oid)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {InSchema} AND p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            ORDER BY 2
            """).Select(r => new Routine(Text(r[0])!, Text(r[1])!, Text(r[2])!)).ToList();

        // Everything else the catalogs hold in this schema, by kind, name and definition: listed and
        // compared, never rendered, so no difference among them is silently equal.
        var unmanaged = Rows(connection, $"""
            SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
                   p.proname::text || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {InSchema} AND p.prokind IN ('a', 'w') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            UNION ALL
            SELECT 'type', t.typname::text, t.typtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE {InSchema} AND (t.typtype IN ('r', 'm') OR t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
            UNION ALL
            SELECT 'foreign table', c.relname::text, NULL FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'f' AND {InSchema}
            UNION ALL
            SELECT 'rule', r.rulename::text || ' on ' || c.relname::text, pg_get_ruledef(r.oid, true)
            FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND {InSchema}
            UNION ALL
            SELECT 'policy', p.polname::text || ' on ' || c.relname::text,
                   p.polcmd::text || ' ' || p.polpermissive::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' / ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
            FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {InSchema}
            UNION ALL
            SELECT 'row level security', c.relname::text, CASE WHEN c.relforcerowsecurity THEN 'forced' ELSE 'enabled' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relrowsecurity AND {InSchema}
            UNION ALL
            SELECT 'extension', e.extname::text, e.extversion::text FROM pg_extension e WHERE e.extname <> 'plpgsql'

            """)
            .Select(r => new UnmanagedObject(Text(r[0])!, Text(r[1])!, Text(r[2]))).OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();

        var domains = Rows(connection, $"""
            SELECT t.typname::text, format_type(t.typbasetype, t.typtypmod), t.typdefault, t.typnotnull,
                   array_to_string(ARRAY(SELECT c.conname::text || chr(2) || pg_get_constraintdef(c.oid, true) FROM pg_constraint c
                                         WHERE c.contypid = t.oid ORDER BY c.conname), chr(1))
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'd' AND {InSchema} ORDER BY t.typname
            """).Select(r => new DomainType(Text(r[0])!, Text(r[1])!, Text(r[2]), (bool)r[3]!,
                List(r[4]).Select(c => c.Split('\u0002')).Select(c => new CheckConstraint(c[0], CheckExpression(c[1]))).ToList())).ToList();

        var materialized = Rows(connection, $"""
            SELECT c.relname::text, pg_get_viewdef(c.oid, true) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'm' AND {InSchema} ORDER BY c.relname
            """).Select(r => new MaterializedView(Text(r[0])!, SqlText.Normalize(Text(r[1])!),
                indexes.Where(i => Text(i[0]) == Text(r[0])).Select(i => new TableIndex(Text(i[1])!, List(i[4]), (bool)i[2]!, Text(i[3]), Text(i[5])))
                    .OrderBy(i => i.Name, StringComparer.Ordinal).ToList())).ToList();

        return new DatabaseSchema(tables, views, enums, sequences, triggers, unmanaged) { Domains = domains, Routines = routines, MaterializedViews = materialized };
    }

    /// <summary>
    /// A list the query joined with chr(1): names as text need no type of the server's loaded
    /// (the driver runs without loading them), and no name holds that character.
    /// </summary>
    private static IReadOnlyList<string> List(object? joined) =>
        Text(joined) is { Length: > 0 } text ? text.Split('\u0001') : [];

    /// <summary>"CHECK ((qty >= 0))" as pg_get_constraintdef writes it, to the expression inside.</summary>
    private static string CheckExpression(string definition) =>
        SqlText.Parenthesized(definition, 0) is var (inner, _) ? SqlText.Normalize(inner) : definition;
}

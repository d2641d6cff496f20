using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSMigrate.Schema;

/// <summary>The model as stable JSON: names sorted, camelCase, enums as words; the same schema always writes the same text.</summary>
internal static class SchemaJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // What only PostgreSQL has is written only when there is some, so other dialects' exports stay as they were.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties.Where(p => p.Name is "domains" or "routines" or "materializedViews"))
                        property.ShouldSerialize = (_, value) => value is System.Collections.ICollection { Count: > 0 };
                },
            },
        },
    };

    public static string Write(DatabaseSchema schema, string dialect) =>
        JsonSerializer.Serialize(new { dialect, schema = Sorted(schema) }, Options) + "\n";

    private static DatabaseSchema Sorted(DatabaseSchema s) => new(
        s.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList(),
        s.Views.OrderBy(v => v.Name, StringComparer.Ordinal).ToList(),
        s.Enums.OrderBy(e => e.Name, StringComparer.Ordinal).ToList(),
        s.Sequences.OrderBy(q => q.Name, StringComparer.Ordinal).ToList(),
        s.Triggers.OrderBy(t => t.Name, StringComparer.Ordinal).ToList(),
        s.Unmanaged.OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList())
    {
        Domains = s.Domains.OrderBy(d => d.Name, StringComparer.Ordinal).ToList(),
        Routines = s.Routines.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
        MaterializedViews = s.MaterializedViews.OrderBy(m => m.Name, StringComparer.Ordinal).ToList(),
    };
}

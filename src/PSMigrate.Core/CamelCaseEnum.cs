using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSMigrate;

/// <summary>
/// An enum written to JSON as its camelCase name. Named per enum in a source-generated context:
/// the general converter builds its converters by reflection, which the native psmigrate lacks.
/// </summary>
internal sealed class CamelCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase) where T : struct, Enum;

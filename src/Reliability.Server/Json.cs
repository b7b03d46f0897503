using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reliability.Server;

/// <summary>The API's JSON conventions: camelCase, kebab-case enum names ("partly-true"), unknown fields rejected.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        // A misspelt field ("statedConfidense") is an error the client should see, not silently dropped data.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}

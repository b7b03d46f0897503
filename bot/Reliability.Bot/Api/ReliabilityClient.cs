using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reliability.Bot.Configuration;

namespace Reliability.Bot.Api;

/// <summary>
/// The server's public API, called with the bot's own API token. Every failure (server down, too slow, a 4xx or
/// 5xx answer) surfaces as a <see cref="ReliabilityApiException"/> whose message is fit to show in Discord.
/// </summary>
public sealed class ReliabilityClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Configure(HttpClient http, BotSettings settings)
    {
        http.BaseAddress = settings.ServerUrl;
        http.Timeout = settings.ApiTimeout;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiToken);
    }

    /// <summary>Sources whose name or an alias contains <paramref name="term"/> (all sources without one), by name.</summary>
    public Task<List<Source>> SearchSourcesAsync(string? term, int limit, CancellationToken ct) =>
        GetAsync<List<Source>>($"api/sources?limit={limit}{Query("search", term)}", ct);

    public Task<List<ScoreChange>> HistoryAsync(int sourceId, int limit, CancellationToken ct) =>
        GetAsync<List<ScoreChange>>($"api/sources/{sourceId}/history?limit={limit}", ct);

    public Task<List<Claim>> ClaimsOfAsync(int sourceId, string? status, CancellationToken ct) =>
        GetAsync<List<Claim>>($"api/sources/{sourceId}/claims?{Query("status", status).TrimStart('&')}", ct);

    public Task<List<Claim>> SearchClaimsAsync(string? term, int limit, CancellationToken ct) =>
        GetAsync<List<Claim>>($"api/claims?limit={limit}{Query("search", term)}", ct);

    public async Task<List<VerdictWithClaim>> VerdictsAsync(IReadOnlyCollection<int> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await GetAsync<List<VerdictWithClaim>>($"api/verdicts?ids={string.Join(',', ids)}", ct);

    public Task<VerdictRecorded> RecordVerdictAsync(long claimId, VerdictRequest request, CancellationToken ct) =>
        SendAsync<VerdictRecorded>(() => new HttpRequestMessage(HttpMethod.Post, $"api/claims/{claimId}/verdicts") { Content = JsonContent.Create(request, options: Json) }, ct);

    private Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(() => new HttpRequestMessage(HttpMethod.Get, path), ct);

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message, ct);
            if (!response.IsSuccessStatusCode) throw await ReliabilityApiException.FromResponseAsync(response, ct);
            return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                ?? throw new ReliabilityApiException("The reliability server sent an empty answer.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation that nobody asked for.
            throw new ReliabilityApiException("The reliability server did not answer in time. Try again in a moment.");
        }
        catch (HttpRequestException e)
        {
            throw new ReliabilityApiException("The reliability server is not reachable right now. Try again later.", e);
        }
        catch (JsonException e)
        {
            throw new ReliabilityApiException("The reliability server sent an answer the bot could not read.", e);
        }
    }

    private static string Query(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"&{name}={Uri.EscapeDataString(value.Trim())}";
}

/// <summary>An API call that failed, with a short message for the Discord user (the details go to the log).</summary>
public sealed class ReliabilityApiException : Exception
{
    public ReliabilityApiException() : this("The reliability server could not answer.") { }

    public ReliabilityApiException(string message) : base(message) { }

    public ReliabilityApiException(string message, Exception? innerException) : base(message, innerException) { }

    public HttpStatusCode? StatusCode { get; private init; }

    public static async Task<ReliabilityApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        string? problem = null;
        try { problem = Describe(await response.Content.ReadFromJsonAsync<JsonElement>(ct)); }
        catch (JsonException) { }
        catch (NotSupportedException) { } // not JSON at all

        var message = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"The reliability server refused the bot's API token ({code}). An admin should check Reliability:ApiToken and that its user is a moderator.",
            >= HttpStatusCode.InternalServerError => $"The reliability server failed ({code}). Try again later.",
            _ => problem ?? $"The reliability server refused the request ({code}).",
        };
        return new ReliabilityApiException(message) { StatusCode = status };
    }

    /// <summary>"title" and the first message of each field in "errors", from an RFC 9457 problem.</summary>
    private static string? Describe(JsonElement problem)
    {
        if (problem.ValueKind != JsonValueKind.Object) return null;
        var parts = new List<string>();
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
                if (field.Value.ValueKind == JsonValueKind.Array && field.Value.GetArrayLength() > 0)
                    parts.Add(field.Value[0].GetString() ?? field.Name);
        }
        else if (problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } text)
        {
            parts.Add(text);
        }
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}

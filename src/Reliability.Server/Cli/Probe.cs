namespace Reliability.Server.Cli;

/// <summary>
/// <c>probe URL</c>: exits 0 when GET URL answers 2xx, else 1. Container health checks use it because the runtime image
/// has no curl; it runs before the host is built, so it starts nothing and needs no configuration.
/// </summary>
public static class Probe
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "probe";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 2 || !Uri.TryCreate(args[1], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await stderr.WriteLineAsync("Usage: probe <http(s) URL>   (exit 0 when it answers 2xx)");
            return 2;
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            await stdout.WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase} {url}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"{url}: {ex.Message}");
            return 1;
        }
    }
}

using Microsoft.Extensions.FileProviders;

namespace Reliability.Server.Board;

/// <summary>
/// Where the built board (web/, built by Vite) is served from: <c>Board:Directory</c> when set; else <c>wwwroot</c> beside
/// the published server; else <c>web/dist</c> of the source checkout, which is what `dotnet run` uses. The board stays out
/// of the project's own wwwroot so the SDK's static-asset pipeline never sees files that Vite renames on every build.
/// </summary>
public static partial class BoardFiles
{
    public static string? Locate(IConfiguration config, string contentRoot)
    {
        if (config["Board:Directory"] is { Length: > 0 } configured) return Path.GetFullPath(configured, contentRoot);
        string[] candidates = [Path.Combine(contentRoot, "wwwroot"), Path.GetFullPath(Path.Combine(contentRoot, "..", "..", "web", "dist"))];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "index.html")));
    }

    /// <summary>Serves the board at <c>/</c>; without a built board the API still runs and the log says how to build it.</summary>
    public static WebApplication UseBoardFiles(this WebApplication app)
    {
        var directory = Locate(app.Configuration, app.Environment.ContentRootPath);
        if (directory is null || !File.Exists(Path.Combine(directory, "index.html")))
        {
            LogNoBoard(app.Logger, directory ?? "web/dist");
            return app;
        }
        var files = new PhysicalFileProvider(directory);
        var options = new StaticFileOptions
        {
            FileProvider = files,
            // Vite names assets by content hash: cache them for good, but always revalidate index.html.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl =
                c.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        };
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(options);
        // The source page has its own URL; the board's script routes it.
        app.MapFallbackToFile("/sources/{id:int}", "index.html", options);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The board is not built (no index.html in {Directory}); the API runs without it. Build it with `npm ci && npm run build` in web/, or any `dotnet build` of the server.")]
    private static partial void LogNoBoard(ILogger logger, string directory);
}

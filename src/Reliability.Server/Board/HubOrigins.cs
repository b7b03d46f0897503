namespace Reliability.Server.Board;

/// <summary>
/// Browsers send WebSocket upgrades cross-origin without any CORS check, so the hub checks <c>Origin</c> itself:
/// same origin, or one listed in <c>Board:AllowedOrigins</c>. Clients that send no Origin (scripts, the .NET client) pass;
/// they authenticate like any API caller.
/// </summary>
public sealed class HubOrigins(RequestDelegate next, IConfiguration config)
{
    public const string CorsPolicy = "board-hub";

    private readonly HashSet<string> _allowed = new(AllowedOrigins(config), StringComparer.OrdinalIgnoreCase);

    public static string[] AllowedOrigins(IConfiguration config) =>
        [.. config.GetSection("Board:AllowedOrigins").Get<string[]>() ?? [], .. (config["Board:AllowedOrigins"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public async Task InvokeAsync(HttpContext context)
    {
        string? origin = context.Request.Headers.Origin;
        if (context.Request.Path.StartsWithSegments(BoardHub.Path) && !string.IsNullOrEmpty(origin) && !IsAllowed(context.Request, origin))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(title: "This origin may not connect to the board hub.",
                detail: $"'{origin}' is neither this server's origin nor listed in Board:AllowedOrigins.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private bool IsAllowed(HttpRequest request, string origin) =>
        string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        || _allowed.Contains(origin.TrimEnd('/'));
}

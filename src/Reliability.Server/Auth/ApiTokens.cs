using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reliability.Server.Data;

namespace Reliability.Server.Auth;

/// <summary>API tokens: 32 random bytes, shown once, stored only as SHA-256 (they carry too much entropy to need a slow hash).</summary>
public static class ApiTokens
{
    public const string Scheme = "ApiToken";
    private const string TokenPrefix = "rel_";

    public static string NewToken() =>
        TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The credential a request presents: its Authorization header, or for the hub's WebSocket (where browsers cannot set
    /// headers) the <c>access_token</c> query parameter SignalR clients use.
    /// </summary>
    public static string? Presented(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (!string.IsNullOrEmpty(header)) return header;
        string? query = request.Query["access_token"];
        return !string.IsNullOrEmpty(query) && request.Path.StartsWithSegments("/hubs") ? "Bearer " + query : null;
    }

    public static string DisplayPrefix(string token) => token[..Math.Min(10, token.Length)];

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates <c>Authorization: Bearer rel_…</c> against the stored token hashes.</summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ReliabilityDb db, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = ApiTokens.Presented(Request);
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Authorization must be 'Bearer <token>'.");

        var hash = ApiTokens.Hash(header["Bearer ".Length..].Trim());
        var token = await db.ApiTokens.Include(t => t.User)
            .FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, Context.RequestAborted);
        if (token?.User is null) return AuthenticateResult.Fail("Unknown or revoked API token.");
        // Tokens are revoked one by one (users revoke does all of a user's); password lockout deliberately does not
        // apply, or anyone could disable the bot's token with five bad sign-ins under its name.
        var now = time.GetUtcNow();

        // Remember when a token was last used (at most one write an hour per token) so admins can spot dead tokens.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromHours(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new System.Security.Claims.Claim(ClaimTypes.NameIdentifier, token.User.Id),
                new System.Security.Claims.Claim(ClaimTypes.Name, token.User.UserName ?? token.User.Id),
                new System.Security.Claims.Claim(ClaimTypes.Role, Roles.Name(token.User.Role)),
            ], ApiTokens.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiTokens.Scheme));
    }
}

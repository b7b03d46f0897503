using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Reliability.Server.Auth;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Auth;

/// <summary>Board sign-in: CLI-made passwords, the Identity cookie, lockout, logout, and what is stored.</summary>
public sealed class SignInTests
{
    private const string Password = "correct horse battery staple";

    private static async Task AddAliceAsync(TestApp app, string role = "moderator")
    {
        var (code, _, error) = await app.CliAsync($"users add alice --role {role} --password-stdin", stdin: Password + "\n");
        Assert.True(code == 0, error);
    }

    private static HttpClient CookieClient(TestApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string userName, string password) =>
        client.PostJsonAsync("/api/auth/login", new { userName, password });

    private static async Task<string?> TitleAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
    }

    [Fact]
    public async Task Sign_in_sets_a_cookie_that_carries_the_role_and_allows_moderator_writes()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);
        var client = CookieClient(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);

        var login = await LoginAsync(client, "alice", Password);

        Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        var signedIn = await login.ReadAsync<SignedInUser>();
        Assert.Equal(new SignedInUser("alice", Role.Moderator), signedIn);
        Assert.True(login.Headers.TryGetValues("Set-Cookie", out var cookies), "login set no cookie");
        var cookie = Assert.Single(cookies, c => c.StartsWith("reliability.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await client.GetAsync("/api/auth/me");
        Assert.True(me.StatusCode == HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        Assert.Equal(new SignedInUser("alice", Role.Moderator), await me.ReadAsync<SignedInUser>());

        // Member and moderator writes with nothing but the cookie.
        var source = await client.PostJsonAsync("/api/sources", new { name = "Cookie source", kind = "outlet" });
        Assert.Equal(HttpStatusCode.Created, source.StatusCode);
        var claim = await client.PostJsonAsync("/api/claims", new { sourceId = (await source.ReadAsync<SourceDto>()).Id, text = "Cookie claim", madeAt = "2026-10-01" });
        Assert.Equal(HttpStatusCode.Created, claim.StatusCode);
        var verdict = await client.PostJsonAsync($"/api/claims/{(await claim.ReadAsync<ClaimDto>()).Id}/verdicts",
            new { outcome = "confirmed", evidenceUrl = "https://example.org/evidence", note = "Checked" });
        Assert.True(verdict.StatusCode == HttpStatusCode.Created, await verdict.Content.ReadAsStringAsync());
        Assert.Equal("alice", (await verdict.ReadAsync<VerdictRecorded>()).Verdict.RecordedBy);
        Assert.Contains(app.WithDb(db => db.AuditEntries.Where(e => e.Action == "verdict.record").Select(e => e.Actor).ToList()), actor => actor == "alice");
        // The role in the cookie is a moderator's, not more.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_or_unknown_user_is_401_without_a_cookie()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);
        var client = CookieClient(app);

        foreach (var (user, password) in new[] { ("alice", "wrong horse battery staple"), ("alice", Password.ToUpperInvariant()), ("nobody", Password) })
        {
            var response = await LoginAsync(client, user, password);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{user}/{password}: {(int)response.StatusCode}");
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("reliability.auth=", StringComparison.Ordinal)),
                $"{user}/{password} got a sign-in cookie");
            // Same answer for an unknown user as for a wrong password: no user enumeration.
            Assert.Equal("Wrong user name or password.", await TitleAsync(response));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);
        var client = CookieClient(app);

        for (var i = 1; i <= 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, "alice", $"wrong password number {i}")).StatusCode);
        var right = await LoginAsync(client, "alice", Password);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await TitleAsync(right) ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.True(app.WithDb(db => db.Users.Single(u => u.UserName == "alice").LockoutEnd) is not null, "alice has no lockout end");
    }

    [Fact]
    public async Task Four_wrong_passwords_do_not_lock_and_a_success_resets_the_count()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);
        var client = CookieClient(app);

        for (var i = 1; i <= 4; i++) await LoginAsync(client, "alice", $"wrong password number {i}");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "alice", Password)).StatusCode);
        for (var i = 1; i <= 4; i++) await LoginAsync(client, "alice", $"wrong password again {i}");

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "alice", Password)).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);
        var client = CookieClient(app);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "alice", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        var logout = await client.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
        var write = await client.PostJsonAsync("/api/sources", new { name = "After logout", kind = "outlet" });
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(0, app.WithDb(db => db.Sources.Count()));
    }

    [Fact]
    public async Task Cli_refuses_passwords_shorter_than_twelve_characters()
    {
        await using var app = new TestApp();

        var (tooShort, _, error) = await app.CliAsync("users add bob --role member --password-stdin", stdin: "elevenchars\n");
        Assert.NotEqual(0, tooShort);
        Assert.False(string.IsNullOrWhiteSpace(error));
        var (empty, _, _) = await app.CliAsync("users add bob --role member --password-stdin", stdin: "\n");
        Assert.NotEqual(0, empty);
        Assert.Equal(0, app.WithDb(db => db.Users.Count()));

        var (exactlyTwelve, _, twelveError) = await app.CliAsync("users add bob --role member --password-stdin", stdin: "twelve chars\n");
        Assert.True(exactlyTwelve == 0, twelveError);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(CookieClient(app), "bob", "twelve chars")).StatusCode);
    }

    [Fact]
    public async Task Refused_set_password_keeps_the_old_password()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);

        var (code, _, error) = await app.CliAsync("users set-password alice", stdin: "short\n");

        Assert.NotEqual(0, code);
        Assert.Contains("12", error, StringComparison.Ordinal);
        // A refused new password must leave the old one in place, not leave the account with no password at all.
        Assert.True(app.WithDb(db => db.Users.Single(u => u.UserName == "alice").PasswordHash) is not null,
            "'users set-password' removed the old password before validating the new one; the account now has no password");
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(CookieClient(app), "alice", Password)).StatusCode);
    }

    [Fact]
    public async Task Set_password_replaces_the_old_password()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);

        var (code, _, error) = await app.CliAsync("users set-password alice", stdin: "a brand new passphrase\n");

        Assert.True(code == 0, error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(CookieClient(app), "alice", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(CookieClient(app), "alice", "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_user_ends_their_cookie_session_at_once()
    {
        await using var app = new TestApp();
        await AddAliceAsync(app);
        var client = CookieClient(app);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "alice", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        var (code, _, error) = await app.CliAsync("users revoke alice");
        Assert.True(code == 0, error);

        // 'users revoke' locks the account and changes its security stamp "so existing cookies stop validating";
        // a revoked moderator must not keep writing on a cookie issued before the revoke.
        var write = await client.PostJsonAsync("/api/sources", new { name = "Written after revoke", kind = "outlet" });
        var me = await client.GetAsync("/api/auth/me");
        Assert.True(write.StatusCode == HttpStatusCode.Unauthorized && me.StatusCode == HttpStatusCode.Unauthorized,
            $"after 'users revoke alice' her cookie still works: POST /api/sources {(int)write.StatusCode}, GET /api/auth/me {(int)me.StatusCode}");
        Assert.Equal(0, app.WithDb(db => db.Sources.Count()));
        // And she cannot sign in again.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(CookieClient(app), "alice", Password)).StatusCode);
    }

    [Fact]
    public async Task Passwords_and_api_tokens_are_stored_hashed()
    {
        await using var app = new TestApp();
        var (code, output, error) = await app.CliAsync("users add alice --role moderator --password-stdin", stdin: Password + "\n");
        Assert.True(code == 0, error);
        var token = output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("rel_", token, StringComparison.Ordinal);

        var user = app.WithDb(db => db.Users.Single(u => u.UserName == "alice"));
        Assert.False(string.IsNullOrEmpty(user.PasswordHash));
        Assert.DoesNotContain(Password, user.PasswordHash, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), user.PasswordHash, StringComparison.Ordinal);
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AppUser>().VerifyHashedPassword(user, user.PasswordHash!, Password));

        var stored = app.WithDb(db => db.ApiTokens.Single());
        Assert.NotEqual(token, stored.Hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.Hash);
        Assert.Equal(ApiTokens.Hash(token), stored.Hash);
        Assert.DoesNotContain(token, stored.Prefix, StringComparison.Ordinal);
        Assert.True(stored.Prefix.Length < token.Length / 2, $"the stored prefix '{stored.Prefix}' gives away too much of the token");
        // The token still authenticates although only its hash is stored.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(token).GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_under_a_token_users_name_do_not_disable_its_token()
    {
        await using var app = new TestApp();
        var token = await app.TokenForAsync(Role.Member, "bot");
        var client = CookieClient(app);
        for (var i = 1; i <= 6; i++) await LoginAsync(client, "bot", $"guessing password {i}");

        var response = await app.ClientWithToken(token).PostJsonAsync("/api/sources", new { name = "Still works", kind = "outlet" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

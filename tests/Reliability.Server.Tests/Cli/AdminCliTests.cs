using System.Net;
using Reliability.Server.Auth;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Cli;

public sealed class AdminCliTests
{
    [Fact]
    public async Task Users_add_prints_a_token_once_that_authenticates_with_the_role()
    {
        await using var app = new TestApp();
        var (code, output, _) = await app.CliAsync("users add carol --role member");

        Assert.Equal(0, code);
        var token = output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("rel_", token, StringComparison.Ordinal);
        var response = await app.ClientWithToken(token).PostJsonAsync("/api/sources", new { name = "New", kind = "outlet" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Stored hashed: the token itself is nowhere in the table.
        Assert.Equal(ApiTokens.Hash(token), app.WithDb(db => db.ApiTokens.Single().Hash));
        Assert.False(app.WithDb(db => db.ApiTokens.Any(t => t.Hash == token)));
    }

    [Fact]
    public async Task Users_list_shows_roles_and_token_prefixes_but_never_tokens()
    {
        await using var app = new TestApp();
        var token = await app.TokenForAsync(Reliability.Server.Data.Role.Admin, "dana");

        var (code, output, _) = await app.CliAsync("users list");

        Assert.Equal(0, code);
        Assert.Contains("dana", output, StringComparison.Ordinal);
        Assert.Contains("admin", output, StringComparison.Ordinal);
        Assert.Contains(ApiTokens.DisplayPrefix(token), output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_revoke_ends_every_token_of_the_user()
    {
        await using var app = new TestApp();
        var first = await app.TokenForAsync(Reliability.Server.Data.Role.Member, "erin");
        var (_, more, _) = await app.CliAsync("users token erin");
        var second = more.Trim().Split('\n')[^1].Trim();

        var (code, output, _) = await app.CliAsync("users revoke erin");

        Assert.Equal(0, code);
        Assert.Contains("Revoked 2 token(s)", output, StringComparison.Ordinal);
        foreach (var token in new[] { first, second })
        {
            var response = await app.ClientWithToken(token).PostJsonAsync("/api/sources", new { name = "X", kind = "outlet" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("users add frank", 2)]
    [InlineData("users add frank --role emperor", 2)]
    [InlineData("users add frank --role 3", 2)]
    [InlineData("users revoke nobody", 1)]
    [InlineData("users token nobody", 1)]
    [InlineData("users", 2)]
    [InlineData("users dance", 2)]
    public async Task Bad_commands_fail_with_a_message_and_change_nothing(string args, int expectedCode)
    {
        await using var app = new TestApp();
        var (code, _, error) = await app.CliAsync(args);

        Assert.Equal(expectedCode, code);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Equal(0, app.WithDb(db => db.Users.Count()));
    }

    [Fact]
    public async Task Adding_an_existing_user_fails_and_keeps_the_first()
    {
        await using var app = new TestApp();
        await app.CliAsync("users add gina --role viewer");

        var (code, _, error) = await app.CliAsync("users add gina --role admin");

        Assert.Equal(1, code);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Equal(Reliability.Server.Data.Role.Viewer, app.WithDb(db => db.Users.Single().Role));
    }

    [Fact]
    public async Task Cli_changes_are_audited_with_the_cli_actor()
    {
        await using var app = new TestApp();
        await app.CliAsync("users add hank --role moderator");
        await app.CliAsync("users revoke hank");

        var actions = app.WithDb(db => db.AuditEntries.Where(a => a.Actor == "cli").Select(a => a.Action).ToList());

        Assert.Equal(["user.create", "user.revoke"], actions);
    }
}

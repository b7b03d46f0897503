using System.Net.Http.Json;
using System.Text.Json;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Commands;

/// <summary><c>/verdict</c>: gated on the member's Discord roles, recorded under the bot's token, audited with the Discord user.</summary>
public sealed class VerdictCommandTests(ServerApp server) : IClassFixture<ServerApp>
{
    private BotApp NewBot() => new(server.Address, server.BotToken);

    /// <summary>An open claim no other test in this class touches.</summary>
    private async Task<JsonElement> OpenClaimAsync(int skip) =>
        (await server.GetAsync("/api/claims?status=open&limit=50")).EnumerateArray().Skip(skip).First();

    private async Task<JsonElement> ClaimAsync(int id) => await server.GetAsync($"/api/claims/{id}");

    private static string Verdict(int claimId, string outcome, string? evidence, string? note, string[]? roles = null)
    {
        List<Opt> options = [new("claim", claimId), new("outcome", outcome)];
        if (evidence is not null) options.Add(new Opt("evidence", evidence));
        if (note is not null) options.Add(new Opt("note", note));
        return Payloads.Command("verdict", options, roles ?? [Payloads.ModeratorRole]);
    }

    [Fact]
    public async Task A_moderator_records_a_verdict_under_the_bots_token_with_the_discord_user_in_the_audit_note()
    {
        await using var bot = NewBot();
        var claim = await OpenClaimAsync(0);
        var id = claim.GetProperty("id").GetInt32();

        var response = await bot.InteractAsync(Verdict(id, "refuted", "https://example.org/report", "Contradicted by the later report.",
            [Payloads.OtherRole, Payloads.ModeratorRole]));

        Assert.Equal(4, response.CallbackType());
        Assert.False(response.IsEphemeral());
        var embed = response.Embed();
        Assert.Equal($"Claim #{id} is now refuted", embed.Str("title"));
        Assert.Contains("Ian (@ian, id 167348773423415296)", embed.Field("Verdict"), StringComparison.Ordinal);
        Assert.Equal("https://example.org/report", embed.Field("Evidence"));

        var latest = (await ClaimAsync(id)).GetProperty("latestVerdict");
        Assert.Equal("refuted", latest.Str("outcome"));
        Assert.Equal("discord-bot", latest.Str("recordedBy"));
        Assert.Equal("Contradicted by the later report.\n— Recorded from Discord by Ian (@ian, id 167348773423415296).", latest.Str("note"));

        using var admin = server.ClientWithToken(await server.TokenAsync("auditor", "admin"));
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?entityType=Verdict&entityId={latest.GetProperty("id").GetInt32()}");
        var entry = audit.EnumerateArray().Single();
        Assert.Equal("discord-bot", entry.Str("actor"));
        Assert.Contains("@ian, id 167348773423415296", entry.Str("after"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Payloads.OtherRole)]
    public async Task Members_without_a_moderator_role_get_a_private_refusal_and_nothing_is_recorded(string? role)
    {
        string[] roles = role is null ? [] : [role];
        await using var bot = NewBot();
        var id = (await OpenClaimAsync(1)).GetProperty("id").GetInt32();

        var response = await bot.InteractAsync(Verdict(id, "confirmed", "https://example.org/a", null, roles));

        Assert.StartsWith("Only members holding a moderator role", response.PrivateText(), StringComparison.Ordinal);
        Assert.Equal(0, (await ClaimAsync(id)).GetProperty("verdictCount").GetInt32());
    }

    [Fact]
    public async Task In_a_direct_message_there_are_no_roles_so_verdicts_are_refused()
    {
        await using var bot = NewBot();
        var id = (await OpenClaimAsync(1)).GetProperty("id").GetInt32();

        var response = await bot.InteractAsync(Payloads.DirectMessageCommand("verdict", [new Opt("claim", id), new Opt("outcome", "confirmed"), new Opt("note", "x")]));

        Assert.StartsWith("Only members holding a moderator role", response.PrivateText(), StringComparison.Ordinal);
        Assert.Equal(0, (await ClaimAsync(id)).GetProperty("verdictCount").GetInt32());
    }

    [Fact]
    public async Task Without_evidence_or_note_nothing_is_sent_the_audit_line_is_not_grounds()
    {
        await using var bot = NewBot();
        var id = (await OpenClaimAsync(1)).GetProperty("id").GetInt32();
        var response = await bot.InteractAsync(Verdict(id, "confirmed", null, null));
        Assert.StartsWith("Give the grounds", response.PrivateText(), StringComparison.Ordinal);
        Assert.Equal(0, (await ClaimAsync(id)).GetProperty("verdictCount").GetInt32());
    }

    [Fact]
    public async Task An_unknown_outcome_is_refused_privately()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Verdict(1, "true", null, "note"));
        Assert.Contains("confirmed, refuted, partly-true, unverifiable, retracted", response.PrivateText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_404_becomes_a_short_private_message()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Verdict(999999, "refuted", null, "No such claim."));
        Assert.Equal("Claim 999999 does not exist.", response.PrivateText());
    }

    [Fact]
    public async Task The_servers_field_errors_become_a_short_private_message()
    {
        await using var bot = NewBot();
        var id = (await OpenClaimAsync(1)).GetProperty("id").GetInt32();
        var response = await bot.InteractAsync(Verdict(id, "refuted", "not a url", null));
        Assert.Contains("evidenceUrl", response.PrivateText(), StringComparison.Ordinal);
        Assert.Equal(0, (await ClaimAsync(id)).GetProperty("verdictCount").GetInt32());
    }

    [Fact]
    public async Task A_bot_token_without_the_moderator_role_is_reported_for_an_admin_to_fix()
    {
        await using var bot = new BotApp(server.Address, await server.TokenAsync("underpowered-bot", "member"));
        var id = (await OpenClaimAsync(1)).GetProperty("id").GetInt32();
        var response = await bot.InteractAsync(Verdict(id, "refuted", null, "note"));
        Assert.StartsWith("The reliability server refused the bot's API token (403)", response.PrivateText(), StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Interactions;

/// <summary>The endpoint as Discord's security checks probe it: only an exact, fresh, first-time signature gets an answer.</summary>
public sealed class InteractionsEndpointTests
{
    // No API call is made for PINGs or refused requests, so the server can be a closed port.
    private static BotApp NewBot() => new(Loopback.ClosedPort(), "rel_unused");

    [Fact]
    public async Task Ping_answers_pong_as_json()
    {
        await using var bot = NewBot();
        var response = await bot.InteractAsync(Payloads.Ping());
        Assert.Equal("""{"type":1}""", response.GetRawText());
    }

    [Fact]
    public async Task Missing_signature_or_timestamp_is_401()
    {
        await using var bot = NewBot();
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(Payloads.Ping(), omitSignature: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(Payloads.Ping(), omitTimestamp: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(Payloads.Ping(), omitSignature: true, omitTimestamp: true)).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not hex at all")]
    [InlineData("abcd")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Malformed_or_zero_signatures_are_401(string signature)
    {
        await using var bot = NewBot();
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(Payloads.Ping(), signature: signature)).StatusCode);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_401()
    {
        await using var bot = NewBot();
        var body = Payloads.Ping();
        var timestamp = bot.Now();
        var response = await bot.PostAsync(body, timestamp, DiscordKeys.Generate().Sign(timestamp, body));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_or_timestamp_changed_after_signing_is_401()
    {
        await using var bot = NewBot();
        var body = Payloads.Ping();
        var timestamp = bot.Now();
        var signature = bot.Keys.Sign(timestamp, body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(body + " ", timestamp, signature)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(body, (long.Parse(timestamp, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), signature)).StatusCode);
        // The request as signed still passes: the refusals did not consume its interaction id.
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(body, timestamp, signature)).StatusCode);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86400)]
    public async Task A_correctly_signed_but_stale_timestamp_is_401(int offsetSeconds)
    {
        await using var bot = NewBot();
        var timestamp = bot.Time.GetUtcNow().AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(Payloads.Ping(), timestamp)).StatusCode);
    }

    [Fact]
    public async Task A_replayed_interaction_is_dropped_with_401()
    {
        await using var bot = NewBot();
        var body = Payloads.Ping();
        var timestamp = bot.Now();
        var signature = bot.Keys.Sign(timestamp, body);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(body, timestamp, signature)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(body, timestamp, signature)).StatusCode);
        // Re-signed with a new timestamp it is still the same interaction id.
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(body)).StatusCode);
    }

    [Fact]
    public async Task A_refused_request_does_not_burn_its_interaction_id()
    {
        await using var bot = NewBot();
        var body = Payloads.Ping();
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsync(body, signature: new string('0', 128))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync(body)).StatusCode);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_an_interaction_is_400()
    {
        await using var bot = NewBot();
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.PostAsync("not json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.PostAsync("""{"type":1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.PostAsync(Payloads.Ping().Replace("\"type\":1", "\"type\":3", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_verification()
    {
        await using var bot = NewBot();
        var response = await bot.PostAsync(new string(' ', 300 * 1024) + Payloads.Ping());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

using Reliability.Bot.Interactions;

namespace Reliability.Bot.Tests.Interactions;

public class ReplayGuardTests
{
    [Fact]
    public void An_id_is_accepted_once_then_refused_while_its_signature_could_still_pass()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var guard = new ReplayGuard(time);
        Assert.True(guard.TryAccept("1"));
        Assert.False(guard.TryAccept("1"));
        Assert.True(guard.TryAccept("2"));

        time.Now += ReplayGuard.Memory - TimeSpan.FromSeconds(1);
        Assert.False(guard.TryAccept("1"));
    }

    [Fact]
    public void Ids_are_forgotten_once_their_timestamps_would_be_stale_anyway()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var guard = new ReplayGuard(time);
        for (var i = 0; i < 100; i++) guard.TryAccept($"old-{i}");

        time.Now += ReplayGuard.Memory + TimeSpan.FromMinutes(2);
        Assert.True(guard.TryAccept("new"));
        Assert.Equal(1, guard.Count);
        Assert.True(ReplayGuard.Memory >= SignatureVerifier.MaxClockSkew * 2);
    }

    [Fact]
    public void Concurrent_deliveries_of_one_id_let_exactly_one_through()
    {
        var guard = new ReplayGuard(TimeProvider.System);
        var accepted = 0;
        Parallel.For(0, 64, _ => { if (guard.TryAccept("same")) Interlocked.Increment(ref accepted); });
        Assert.Equal(1, accepted);
    }
}

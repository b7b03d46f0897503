using System.Collections.Concurrent;

namespace Reliability.Bot.Interactions;

/// <summary>
/// Remembers the ids of interactions already answered, so a captured request replayed within the signature's
/// validity cannot run a command twice. An id only needs remembering while its timestamp would still pass:
/// twice the allowed clock skew covers a timestamp signed up to that far in the future.
/// </summary>
public sealed class ReplayGuard(TimeProvider time)
{
    public static readonly TimeSpan Memory = SignatureVerifier.MaxClockSkew * 2;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>True the first time an id is seen; false for every replay within <see cref="Memory"/>.</summary>
    public bool TryAccept(string interactionId)
    {
        var now = time.GetUtcNow();
        SweepIfDue(now);
        var accepted = true;
        _seen.AddOrUpdate(interactionId, now + Memory, (_, forgetAt) =>
        {
            if (forgetAt > now) { accepted = false; return forgetAt; }
            return now + Memory;
        });
        return accepted;
    }

    public int Count => _seen.Count;

    /// <summary>Forgets expired ids at most once a minute, so memory stays bounded by the traffic of ten minutes.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + TimeSpan.FromMinutes(1)).UtcTicks, due) != due) return;
        foreach (var (id, forgetAt) in _seen)
            if (forgetAt <= now) _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(id, forgetAt));
    }
}

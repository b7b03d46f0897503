using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Reliability.Server.Board;
using Reliability.Server.Claims;
using Reliability.Server.Data;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Board;

/// <summary>The hub across real server processes sharing one SQLite file: no backplane, and a dropped server loses nothing.</summary>
public sealed class BoardProcessTests
{
    private static async Task<T> PostAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body, TestApp.JsonOptions);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: {(int)response.StatusCode} {text}");
        return (await response.ReadAsync<T>())!;
    }

    private static async Task<List<int>> CreateClaimsAsync(HttpClient client, int count)
    {
        var source = await PostAsync<SourceDto>(client, "/api/sources", new { name = "Shared outlet", kind = "outlet" });
        var other = await PostAsync<SourceDto>(client, "/api/sources", new { name = "Shared channel", kind = "channel" });
        var claims = new List<int>();
        for (var i = 0; i < count; i++)
            claims.Add((await PostAsync<ClaimDto>(client, "/api/claims",
                new { sourceId = i % 2 == 0 ? source.Id : other.Id, text = $"Claim {i}", madeAt = "2026-05-01", statedConfidence = 0.8 })).Id);
        return claims;
    }

    private static Task<VerdictRecorded> RecordAsync(HttpClient client, int claim, string outcome) =>
        PostAsync<VerdictRecorded>(client, $"/api/claims/{claim}/verdicts", new { outcome, note = "process test" });

    private static async Task<List<BoardEvent>> WaitForVerdictsAsync(BoardListener listener, int count, ServerProcess server)
    {
        for (var i = 0; i < 600 && listener.Received.Count(e => e.Kind == BoardChangeKind.VerdictRecorded) < count; i++) await Task.Delay(50);
        var received = listener.Received.ToList();
        Assert.True(received.Count(e => e.Kind == BoardChangeKind.VerdictRecorded) >= count,
            $"expected {count} verdict events via {server.Name}, got {string.Join(", ", received.Select(e => $"{e.Sequence}:{e.Kind}"))}\n{server.Tail()}");
        return received;
    }

    private static string Describe(IEnumerable<BoardEvent> events) =>
        string.Join(" ", events.Select(e => $"{e.Sequence}:{e.Kind}:{e.SourceId}:{e.Source?.Score?.Version}:{e.Verdict?.Verdict.Id}"));

    [Fact]
    public async Task Two_instances_on_one_database_each_deliver_every_change_to_their_own_clients_in_the_same_order()
    {
        using var data = new TempDataDirectory();
        var token = await ServerProcess.CreateUserAsync(data.Path, "mod", "moderator");
        await using var a = await ServerProcess.StartAsync("a", data.Path);
        await using var b = await ServerProcess.StartAsync("b", data.Path);
        using var viaA = a.Client(token);
        using var viaB = b.Client(token);
        var claims = await CreateClaimsAsync(viaA, 6);

        await using var onA = await BoardListener.ConnectAsync(a.BaseAddress);
        await using var onB = await BoardListener.ConnectAsync(b.BaseAddress);
        var from = Math.Max((await onA.ResumeAsync(long.MaxValue)).Sequence, (await onB.ResumeAsync(long.MaxValue)).Sequence);
        await Task.Delay(500); // let both publishers catch up with the claims' score changes

        // Verdicts through both instances, interleaved.
        for (var i = 0; i < claims.Count; i++)
            await RecordAsync(i % 2 == 0 ? viaA : viaB, claims[i], i % 3 == 0 ? "refuted" : "confirmed");

        var seenOnA = (await WaitForVerdictsAsync(onA, claims.Count, a)).Where(e => e.Sequence > from).ToList();
        var seenOnB = (await WaitForVerdictsAsync(onB, claims.Count, b)).Where(e => e.Sequence > from).ToList();
        Assert.True(Describe(seenOnA) == Describe(seenOnB), $"A: {Describe(seenOnA)}\nB: {Describe(seenOnB)}");
        Assert.Equal(claims.Count, seenOnA.Count(e => e.Kind == BoardChangeKind.VerdictRecorded));
        Assert.True(seenOnA.Zip(seenOnA.Skip(1)).All(p => p.Second.Sequence == p.First.Sequence + 1), Describe(seenOnA));

        // Both instances answer a resume from the start of the run with exactly what their clients saw live.
        var replay = await onB.ResumeAsync(from);
        Assert.Equal(Describe(seenOnA), Describe(replay.Changes.Where(e => e.Sequence <= seenOnA[^1].Sequence)));
    }

    [Fact]
    public async Task Client_of_a_killed_instance_resumes_on_a_restarted_one_and_misses_nothing()
    {
        using var data = new TempDataDirectory();
        var token = await ServerProcess.CreateUserAsync(data.Path, "mod", "moderator");
        await using var a = await ServerProcess.StartAsync("a", data.Path);
        using var viaA = a.Client(token);
        var claims = await CreateClaimsAsync(viaA, 5);

        var b = await ServerProcess.StartAsync("b", data.Path);
        long last;
        await using (var onB = await BoardListener.ConnectAsync(b.BaseAddress))
        {
            var closed = new TaskCompletionSource();
            onB.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
            await onB.ResumeAsync(long.MaxValue);
            await RecordAsync(viaA, claims[0], "confirmed");
            last = (await onB.WaitForAsync(e => e.Kind == BoardChangeKind.VerdictRecorded)).Sequence;

            b.Kill(); // SIGKILL: the connection drops without a goodbye
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        await b.DisposeAsync();

        // While the client is cut off, the other instance keeps recording, watched live by its own client.
        await using var onA = await BoardListener.ConnectAsync(a.BaseAddress);
        await onA.ResumeAsync(last);
        foreach (var claim in claims.Skip(1)) await RecordAsync(viaA, claim, "refuted");
        var live = (await WaitForVerdictsAsync(onA, claims.Count - 1, a)).Where(e => e.Sequence > last).ToList();

        await using var restarted = await ServerProcess.StartAsync("b2", data.Path);
        await using var back = await BoardListener.ConnectAsync(restarted.BaseAddress);
        var resumed = await back.ResumeAsync(last);
        Assert.False(resumed.Reset);
        Assert.Equal(Describe(live), Describe(resumed.Changes));
    }
}

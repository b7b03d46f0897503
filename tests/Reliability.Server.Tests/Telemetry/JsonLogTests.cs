using System.Net;
using System.Text.Json;
using Reliability.Server.Claims;
using Reliability.Server.Sources;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Telemetry;

/// <summary>The console output of a real server process (Production environment: JSON lines by default).</summary>
public sealed class JsonLogTests
{
    private sealed record LogLine(string Raw, JsonElement Json)
    {
        public string CategoryName => Json.GetProperty("Category").GetString()!;
        public string Text => Json.GetProperty("Message").GetString()!;

        /// <summary>A property of the first scope that has it (trace ids, the job scope's Job and FireId).</summary>
        public string? Scope(string name) => Json.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString()).FirstOrDefault()
            : null;
    }

    private static List<LogLine> JsonLines(ServerProcess server) =>
        [.. server.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => new LogLine(l, JsonDocument.Parse(l).RootElement.Clone()))];

    private static async Task<int> QueueDepthAsync(HttpClient client)
    {
        using var jobs = JsonDocument.Parse(await client.GetStringAsync("/api/jobs"));
        return jobs.RootElement.GetProperty("queueDepth").GetInt32();
    }

    private static bool IsTraceId(string? id) => id is { Length: 32 } && id.All(Uri.IsHexDigit) && id != new string('0', 32);

    [Fact]
    public async Task Request_lines_carry_their_trace_id_and_every_line_of_a_job_run_names_the_job_and_its_fire()
    {
        using var data = new TempDataDirectory();
        var token = await ServerProcess.CreateUserAsync(data.Path, "log-moderator", "moderator");
        await using var server = await ServerProcess.StartAsync("json-logs", data.Path,
            ["--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information"]);
        using var client = server.Client(token);
        var source = await (await client.PostJsonAsync("/api/sources", new { name = "Logged wire", kind = "outlet" })).ReadAsync<SourceDto>();
        var claim = await (await client.PostJsonAsync("/api/claims", new { sourceId = source.Id, text = "A road was cut.", madeAt = "2026-10-03" })).ReadAsync<ClaimDto>();
        using var verdict = await client.PostJsonAsync($"/api/claims/{claim.Id}/verdicts", new { outcome = "refuted", note = "the road stayed open" });
        Assert.Equal(HttpStatusCode.Created, verdict.StatusCode);

        // The drain job logs each run that did work (the claim's and the verdict's requests may share one run).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<LogLine> lines;
        while (!(lines = JsonLines(server)).Any(l => l.Text.StartsWith("Drained", StringComparison.Ordinal)) || await QueueDepthAsync(client) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the queue did not drain with a logged run in time\n{server.Tail()}");
            await Task.Delay(100);
        }
        await Task.Delay(200);   // the console logger writes from its own queue
        lines = JsonLines(server);

        // Every line on stdout is one JSON object (the start-up announcement included) with a UTC timestamp.
        var stdout = server.Output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("[stderr]", StringComparison.Ordinal)).ToList();
        Assert.All(stdout, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Text.StartsWith("Reliability is running: board http://127.0.0.1:", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.EndsWith("Z", l.Json.GetProperty("Timestamp").GetString(), StringComparison.Ordinal));

        var request = Assert.Single(lines, l => l.CategoryName == "Microsoft.AspNetCore.Hosting.Diagnostics"
            && l.Text.StartsWith("Request finished", StringComparison.Ordinal) && l.Text.Contains($"/api/claims/{claim.Id}/verdicts", StringComparison.Ordinal));
        Assert.True(IsTraceId(request.Scope("TraceId")), request.Raw);
        Assert.Equal(16, request.Scope("SpanId")?.Length);
        var started = Assert.Single(lines, l => l.Text.StartsWith("Request starting", StringComparison.Ordinal) && l.Text.Contains($"/api/claims/{claim.Id}/verdicts", StringComparison.Ordinal));
        Assert.Equal(request.Scope("TraceId"), started.Scope("TraceId"));

        var drains = lines.Where(l => l.Text.StartsWith("Drained", StringComparison.Ordinal)).ToList();
        foreach (var drain in drains)
        {
            Assert.Equal("recompute", drain.Scope("Job"));
            var fireId = drain.Scope("FireId");
            Assert.False(string.IsNullOrEmpty(fireId), drain.Raw);
            Assert.True(IsTraceId(drain.Scope("TraceId")), drain.Raw);
            // Every line of that run has the run's scope and its trace; no other run shares the trace.
            var run = lines.Where(l => l.Scope("FireId") == fireId).ToList();
            Assert.All(run, l => Assert.Equal(drain.Scope("TraceId"), l.Scope("TraceId")));
            Assert.DoesNotContain(lines, l => l.Scope("TraceId") == drain.Scope("TraceId") && l.Scope("FireId") != fireId);
        }
        Assert.Equal(drains.Count, drains.Select(d => d.Scope("FireId")).Distinct().Count());
        Assert.NotEqual(request.Scope("TraceId"), drains[^1].Scope("TraceId"));
    }
}

using System.Net;
using System.Net.Sockets;
using Reliability.Server.Cli;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Cli;

public sealed class ProbeTests
{
    private static async Task<(int Code, string Out, string Err)> ProbeAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Probe.RunAsync(["probe", .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Probe_exits_0_for_a_healthy_answer_and_1_for_an_error_status_or_no_server()
    {
        await using var app = new TestApp();
        var server = app.StartKestrel();

        var (healthy, output, _) = await ProbeAsync(new Uri(server, "/health/live").ToString());
        Assert.Equal(0, healthy);
        Assert.StartsWith("200", output, StringComparison.Ordinal);

        Assert.Equal(1, (await ProbeAsync(new Uri(server, "/api/nothing-here").ToString())).Code);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var unusedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (down, _, error) = await ProbeAsync($"http://127.0.0.1:{unusedPort}/health/live");
        Assert.Equal(1, down);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task Probe_without_a_url_prints_its_usage()
    {
        Assert.Equal(2, (await ProbeAsync()).Code);
        Assert.Equal(2, (await ProbeAsync("not a url")).Code);
        Assert.Equal(2, (await ProbeAsync("ftp://127.0.0.1/")).Code);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Reliability.Server.Tests.Infrastructure;

/// <summary>
/// The compiled server (<c>Reliability.Server.dll</c>, copied beside the tests) run as a real operating-system process, so
/// tests can kill it (SIGKILL) mid-request, restart it on the same data directory, or run several on one database.
/// Output (stdout and stderr) is captured for assertion messages. Disposing kills the process tree.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public static string ServerDll { get; } = Path.Combine(AppContext.BaseDirectory, "Reliability.Server.dll");

    private const int MaxOutputLines = 2000;
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Queue<string> _output;
    private readonly HttpClient _probe;

    public string Name { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public int ProcessId { get; }

    private ServerProcess(string name, string dataDirectory, int port, Process process, Queue<string> output)
    {
        _output = output;
        Name = name;
        DataDirectory = dataDirectory;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _process = process;
        ProcessId = process.Id;
        _probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
    }

    public bool HasExited
    {
        get
        {
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    /// <summary>The captured output (last <see cref="MaxOutputLines"/> lines), for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of output, labelled with the instance name.</summary>
    public string Tail(int lines = 60)
    {
        lock (_output) return $"--- {Name} (pid {ProcessId}, port {Port}) last output ---\n" + string.Join('\n', _output.TakeLast(lines));
    }

    /// <summary>Starts the server on a free port and waits until <c>GET /health</c> answers 200. Retries on a new port only if the first was taken meanwhile.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string dataDirectory, IEnumerable<string>? extraArgs = null, TimeSpan? readyTimeout = null)
    {
        var args = extraArgs?.ToList() ?? [];
        Exception? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var server = Launch(name, dataDirectory, FreePort(), args);
            try
            {
                await server.WaitHealthyAsync(readyTimeout ?? DefaultReadyTimeout);
                return server;
            }
            catch (Exception ex) when (server.HasExited && attempt < 3 && server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // The port was taken between probing and binding: try another one. Any other early exit is a real failure.
                last = ex;
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        throw new InvalidOperationException($"Server '{name}' did not start.", last);
    }

    private static ServerProcess Launch(string name, string dataDirectory, int port, List<string> extraArgs)
    {
        var start = NewStartInfo(["--urls", $"http://127.0.0.1:{port}", "--Reliability:DataDirectory", dataDirectory,
            "--Reliability:SeedDemoData", "false", "--Jobs:SweepSeconds", "1", .. extraArgs], redirectInput: false);
        var process = new Process { StartInfo = start };
        var lines = new Queue<string>();
        void Capture(string? line)
        {
            if (line is null) return;
            lock (lines)
            {
                lines.Enqueue(line);
                while (lines.Count > MaxOutputLines) lines.Dequeue();
            }
        }
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data is null ? null : "[stderr] " + e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {ServerDll}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(name, dataDirectory, port, process, lines);
    }

    private static ProcessStartInfo NewStartInfo(IEnumerable<string> args, bool redirectInput)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // Don't let settings meant for the test runner leak into the child.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ConnectionStrings__Reliability");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>Polls <c>GET /health</c> until it answers 200; fails at once if the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string lastProblem = "no answer yet";
        for (var attempt = 0; attempt < 10_000 && clock.Elapsed < timeout; attempt++)
        {
            if (HasExited)
                throw new InvalidOperationException($"Server '{Name}' exited with code {SafeExitCode()} before it was healthy.\n{Tail()}");
            try
            {
                using var response = await _probe.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
                lastProblem = $"/health answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex) { lastProblem = ex.Message; }
            catch (TaskCanceledException ex) { lastProblem = ex.Message; }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Server '{Name}' was not healthy within {timeout.TotalSeconds:0} s ({lastProblem}).\n{Tail()}");
    }

    private string SafeExitCode()
    {
        try { return _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (InvalidOperationException) { return "?"; }
    }

    /// <summary>A client for this instance, optionally with a bearer token.</summary>
    public HttpClient Client(string? token = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL on Linux: no shutdown hooks run, in-flight requests and transactions die with the process.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
        try { _process.WaitForExit(10_000); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <summary>Stops the server. The tests only need the process gone, so this is a kill as well.</summary>
    public void Stop() => Kill();

    public ValueTask DisposeAsync()
    {
        Kill();
        _probe.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A port nobody listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    /// <summary>Runs the server binary as the admin CLI (<c>users add …</c>) and returns its exit code and output.</summary>
    public static async Task<(int Code, string Out, string Err)> RunCliAsync(string dataDirectory, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = NewStartInfo([.. args, "--Reliability:DataDirectory", dataDirectory, "--Reliability:SeedDemoData", "false"], redirectInput: true);
        using var process = new Process { StartInfo = start };
        if (!process.Start()) throw new InvalidOperationException($"Could not start {ServerDll}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"CLI '{string.Join(' ', args)}' did not finish in time.\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Creates a user through the CLI (which also migrates the database) and returns the printed API token.</summary>
    public static async Task<string> CreateUserAsync(string dataDirectory, string name, string role)
    {
        var (code, output, error) = await RunCliAsync(dataDirectory, ["users", "add", name, "--role", role]);
        Assert.True(code == 0, $"users add {name} exited with {code}: {error}\n{output}");
        var token = output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("rel_", token, StringComparison.Ordinal);
        return token;
    }
}

/// <summary>A temporary data directory for server processes, deleted on dispose.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reliability-process-tests", Guid.NewGuid().ToString("N"));

    public TempDataDirectory() => Directory.CreateDirectory(Path);

    public string DatabaseFile => System.IO.Path.Combine(Path, "reliability.db");

    /// <summary>Opens the database file directly (no pooling, so nothing keeps the file open afterwards).</summary>
    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
                return;
            }
            catch (IOException) { Thread.Sleep(200); }
            catch (UnauthorizedAccessException) { Thread.Sleep(200); }
        }
    }
}

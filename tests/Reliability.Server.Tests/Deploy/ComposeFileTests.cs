using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Server.Cli;
using Reliability.Server.Data;
using Reliability.Server.Tests.Cli;
using Reliability.Server.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Reliability.Server.Tests.Deploy;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml, the Dockerfiles, the Caddyfile and .env.example are checked
/// statically: they parse, reference only what exists, name only settings and verbs the programs really read, keep
/// secrets out of the repository, and build with the commands the README gives.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Root = DatabaseCliTests.RepoRoot();
    private static readonly string[] ServerImageServices = ["migrate", "server-1", "server-2"];

    private static string RepoFile(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string ComposeText() => File.ReadAllText(RepoFile("docker-compose.yml"));

    /// <summary>The compose file as YAML (anchors and aliases resolved), read fresh by each test.</summary>
    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(ComposeText());
        yaml.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
    }

    private static YamlMappingNode Services(YamlMappingNode compose) => (YamlMappingNode)compose[new YamlScalarNode("services")];

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string Scalar(YamlNode? node) => Assert.IsType<YamlScalarNode>(node).Value ?? "";

    private static List<string> Strings(YamlNode? node) => [.. Assert.IsType<YamlSequenceNode>(node).Children.Select(Scalar)];

    private static IEnumerable<(string Name, YamlMappingNode Service)> EachService(YamlMappingNode compose) =>
        Services(compose).Children.Select(kv => (Scalar(kv.Key), (YamlMappingNode)kv.Value));

    /// <summary>A service's environment as configuration keys (<c>__</c> → <c>:</c>) with every <c>${VAR…}</c> replaced by <paramref name="variableValue"/>.</summary>
    private static IConfiguration EnvironmentOf(YamlMappingNode service, string variableValue = "x") =>
        new ConfigurationBuilder().AddInMemoryCollection(((YamlMappingNode)Child(service, "environment")!).Children.Select(kv =>
            new KeyValuePair<string, string?>(Scalar(kv.Key).Replace("__", ":", StringComparison.Ordinal), Variable().Replace(Scalar(kv.Value), variableValue)))).Build();

    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<op>:?[-?])?(?<rest>[^}]*)\}")]
    private static partial Regex Variable();

    [Fact]
    public void Compose_file_parses_and_only_the_proxy_publishes_a_port()
    {
        var compose = Compose();

        var names = EachService(compose).Select(s => s.Name).ToList();
        Assert.Equal(new[] { "sqlserver", "migrate", "server-1", "server-2", "bot", "proxy" }, names);
        var published = EachService(compose).Where(s => Child(s.Service, "ports") is not null).Select(s => s.Name);
        Assert.Equal(new[] { "proxy" }, published);
        Assert.StartsWith("mcr.microsoft.com/mssql/server:2022", Scalar(Child(Services(compose)["sqlserver"], "image")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_depends_on_names_a_defined_service_and_waits_only_on_health_checks_that_exist()
    {
        var compose = Compose();
        var services = EachService(compose).ToDictionary(s => s.Name, s => s.Service);
        var dependencies = 0;

        foreach (var (name, service) in services)
        {
            var dependsOn = Child(service, "depends_on");
            IEnumerable<(string Target, string Condition)> targets = dependsOn switch
            {
                null => [],
                YamlSequenceNode list => list.Children.Select(t => (Scalar(t), "service_started")),
                YamlMappingNode map => map.Children.Select(kv => (Scalar(kv.Key), Scalar(Child(kv.Value, "condition")))),
                _ => throw new InvalidOperationException($"{name}: depends_on is neither a list nor a mapping."),
            };
            foreach (var (target, condition) in targets)
            {
                dependencies++;
                Assert.True(services.ContainsKey(target), $"{name} depends on '{target}', which is not a service.");
                Assert.NotEqual(name, target);
                Assert.Contains(condition, new[] { "service_started", "service_healthy", "service_completed_successfully" });
                if (condition == "service_healthy")
                    Assert.True(Child(services[target], "healthcheck") is not null, $"{name} waits for {target} to be healthy, but {target} has no healthcheck.");
            }
        }

        Assert.True(dependencies >= 6, $"only {dependencies} dependencies: the start order (database, migrate, servers, proxy) is missing.");
        foreach (var server in new[] { "server-1", "server-2" })
            Assert.Equal("service_completed_successfully", Scalar(Child(Child(Child(services[server], "depends_on"), "migrate"), "condition")));
    }

    [Fact]
    public void Every_build_context_dockerfile_and_bind_mounted_file_exists_in_the_repository()
    {
        var compose = Compose();
        var namedVolumes = ((YamlMappingNode)compose[new YamlScalarNode("volumes")]).Children.Keys.Select(Scalar).ToHashSet();
        var builds = 0;
        var mounts = 0;

        foreach (var (name, service) in EachService(compose))
        {
            if (Child(service, "build") is { } build)
            {
                builds++;
                var context = Path.GetFullPath(Path.Combine(Root, Scalar(Child(build, "context"))));
                Assert.True(Directory.Exists(context), $"{name}: build context {context} does not exist.");
                var dockerfile = Path.Combine(context, Scalar(Child(build, "dockerfile")));
                Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} does not exist.");
            }
            else
            {
                Assert.True(Child(service, "image") is not null, $"{name} has neither build nor image.");
            }

            foreach (var volume in Child(service, "volumes") is { } volumes ? Strings(volumes) : [])
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.') || source.StartsWith('/'))
                {
                    mounts++;
                    var path = Path.GetFullPath(Path.Combine(Root, source));
                    Assert.True(path.StartsWith(Root, StringComparison.Ordinal), $"{name} mounts {source}, outside the repository.");
                    Assert.True(File.Exists(path) || Directory.Exists(path), $"{name} mounts {source}, which does not exist.");
                }
                else
                {
                    Assert.True(namedVolumes.Contains(source), $"{name} uses volume '{source}', not declared under volumes:.");
                }
            }
        }

        Assert.Equal(4, builds);
        Assert.Equal(1, mounts);
    }

    [Fact]
    public void Every_variable_the_compose_file_uses_is_documented_in_env_example_and_secrets_are_required()
    {
        var uses = Variable().Matches(ComposeText()).Select(m => (Name: m.Groups["name"].Value, Op: m.Groups["op"].Value)).ToList();
        var documented = EnvExample().Keys.ToHashSet();

        Assert.NotEmpty(uses);
        foreach (var name in uses.Select(u => u.Name).Distinct())
        {
            Assert.True(documented.Contains(name), $"docker-compose.yml uses ${{{name}}}, which .env.example does not document.");
            // A variable with no default must be demanded with ${VAR:?message} somewhere, so compose names it when it is unset.
            if (!uses.Any(u => u.Name == name && u.Op is ":-" or "-"))
                Assert.True(uses.Any(u => u.Name == name && u.Op == ":?"), $"${{{name}}} has no default and is never required with ${{{name}:?message}}.");
        }
        foreach (var name in documented)
            Assert.True(uses.Any(u => u.Name == name), $".env.example documents {name}, which docker-compose.yml never uses.");
    }

    [Fact]
    public void Env_example_holds_no_secret_values_and_env_files_stay_out_of_git_and_images()
    {
        var example = EnvExample();

        foreach (var (key, value) in example.Where(kv => SecretName().IsMatch(kv.Key)))
            Assert.True(value.Length == 0, $".env.example gives {key} a value; secrets are left empty for each deployment to fill in.");
        Assert.Contains("MSSQL_SA_PASSWORD", example.Keys);
        Assert.Contains(".env", File.ReadAllLines(RepoFile(".gitignore")).Select(l => l.Trim()));
        Assert.Contains(".env", File.ReadAllLines(RepoFile(".dockerignore")).Select(l => l.Trim()));
        // Passwords and tokens in the compose file come from variables, never literals.
        foreach (Match literal in SecretLiteral().Matches(ComposeText()))
            Assert.StartsWith("${", literal.Groups["value"].Value, StringComparison.Ordinal);
    }

    [GeneratedRegex("PASSWORD|TOKEN|SECRET|KEY")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?:Password=|Token:\s*|PASSWORD:\s*)(?<value>[^;\s""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLiteral();

    /// <summary>.env.example's KEY=value lines (comments and blank lines skipped).</summary>
    private static Dictionary<string, string> EnvExample() =>
        File.ReadAllLines(RepoFile(".env.example"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => Assert.Single(EnvKey().Matches(p[0])).Value, p => p.Length == 2 ? p[1].Trim() : throw new InvalidOperationException($".env.example: '{p[0]}' is not KEY=value."));

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex EnvKey();

    [Fact]
    public void Server_image_services_configure_sql_server_through_keys_the_server_reads()
    {
        var services = Services(Compose());
        var serverSources = string.Join('\n', Directory.EnumerateFiles(RepoFile("src/Reliability.Server"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        foreach (var name in ServerImageServices)
        {
            var service = (YamlMappingNode)services[new YamlScalarNode(name)];
            var config = EnvironmentOf(service, variableValue: "Sample-Passw0rd");
            foreach (var key in config.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key))
            {
                if (key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)) continue;
                var literal = key.StartsWith("ConnectionStrings:", StringComparison.Ordinal)
                    ? $"GetConnectionString(\"{key["ConnectionStrings:".Length..]}\")"
                    : $"\"{key}\"";
                Assert.True(serverSources.Contains(literal, StringComparison.Ordinal), $"{name} sets {key}, which the server never reads ({literal}).");
            }

            Assert.Equal(DatabaseProvider.SqlServer, Database.Provider(config));
            Assert.False(Database.MigratesOnStart(config));
            Assert.False(config.GetValue("Reliability:SeedDemoData", true));
            var connection = new SqlConnectionStringBuilder(Database.ConnectionString(config, Root));
            Assert.Equal("sqlserver,1433", connection.DataSource);
            Assert.Equal("Reliability", connection.InitialCatalog);
            Assert.Equal("Sample-Passw0rd", connection.Password);
        }
    }

    [Fact]
    public void Bot_service_sets_every_key_the_bot_requires_under_its_exact_name()
    {
        var bot = (YamlMappingNode)Services(Compose())[new YamlScalarNode("bot")];
        var config = EnvironmentOf(bot);
        // The bot's own settings plus the telemetry wiring it compiles in from the server.
        var botSources = string.Join('\n', Directory.EnumerateFiles(RepoFile("bot/Reliability.Bot/Configuration"), "*.cs")
            .Append(RepoFile("src/Reliability.Server/Telemetry/ServiceTelemetry.cs")).Select(File.ReadAllText));

        foreach (var key in config.AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key))
            Assert.True(botSources.Contains($"\"{key}\"", StringComparison.Ordinal), $"the bot service sets {key}, which the bot never reads.");
        // The six keys without which the bot refuses to start (see BotSettings.Read).
        foreach (var required in new[] { "Discord:ApplicationId", "Discord:PublicKey", "Discord:BotToken", "Discord:ModeratorRoleIds", "Reliability:ServerUrl", "Reliability:ApiToken" })
            Assert.False(string.IsNullOrEmpty(config[required]), $"the bot service does not set {required}.");
    }

    [Fact]
    public async Task Migrate_service_runs_a_db_verb_the_server_accepts()
    {
        var migrate = (YamlMappingNode)Services(Compose())[new YamlScalarNode("migrate")];
        var command = Strings(Child(migrate, "command"));
        Assert.Equal(new[] { "db", "migrate" }, command);
        Assert.True(DatabaseCli.IsCommand([.. command]));

        // The same arguments through the real verb handler (on SQLite here): accepted, and it succeeds.
        await using var app = new TestApp();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new DatabaseCli(app.Services, app.Services.GetRequiredService<IConfiguration>(), stdout, stderr).RunAsync([.. command]);
        Assert.True(code == 0, stderr.ToString());
        Assert.Contains("up to date", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_compose_commands_on_the_server_image_use_verbs_the_server_accepts()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        var commands = ComposeRun().Matches(readme).Select(m => m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.NotEmpty(commands);
        foreach (var args in commands)
        {
            var verb = string.Join(' ', args.Take(2));
            var accepted = (AdminCli.IsCommand(args) && AdminCli.Usage.Contains($"  {verb} ", StringComparison.Ordinal))
                || (DatabaseCli.IsCommand(args) && DatabaseCli.Usage.Contains($"  {verb} ", StringComparison.Ordinal));
            Assert.True(accepted, $"README runs `docker compose run … migrate {string.Join(' ', args)}`, which is no server verb.");
        }
        Assert.Contains(commands, a => a is ["users", "add", _, "--role", "admin", ..]);
    }

    [GeneratedRegex(@"docker compose run --rm (?:-T )?migrate (?<args>[^\r\n`#]+?)\s*(?:#|$|`)", RegexOptions.Multiline)]
    private static partial Regex ComposeRun();

    [Fact]
    public async Task Server_health_check_probes_the_port_the_image_listens_on_and_a_path_a_ready_server_answers()
    {
        var services = Services(Compose());
        var dockerfile = Dockerfile.Read(RepoFile("src/Reliability.Server/Dockerfile"));
        Uri? url = null;
        foreach (var name in new[] { "server-1", "server-2" })
        {
            var test = Strings(Child(Child(services[new YamlScalarNode(name)], "healthcheck"), "test"));
            Assert.Equal(new[] { "CMD", "dotnet", dockerfile.EntrypointDll, "probe" }, test.Take(4));
            string[] args = [.. test.Skip(3)];
            Assert.True(Probe.IsCommand(args));
            url = new Uri(Assert.Single(args.Skip(1)));
            Assert.Equal(dockerfile.HttpPort, url.Port);
            Assert.Equal("/health/ready", url.AbsolutePath);
        }

        // The probe itself, against a real server on Kestrel: the path answers 2xx once the instance is ready.
        await using var app = new TestApp();
        var server = app.StartKestrel();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int code;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        while ((code = await Probe.RunAsync(["probe", new Uri(server, url!.AbsolutePath).ToString()], stdout, stderr)) != 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.True(code == 0, stdout.ToString() + stderr);
    }

    [Fact]
    public void Bot_health_check_runs_the_bots_probe_verb_on_its_health_path()
    {
        var bot = Services(Compose())[new YamlScalarNode("bot")];
        var dockerfile = Dockerfile.Read(RepoFile("bot/Reliability.Bot/Dockerfile"));
        var test = Strings(Child(Child(bot, "healthcheck"), "test"));

        Assert.Equal(new[] { "CMD", "dotnet", dockerfile.EntrypointDll, "probe" }, test.Take(4));
        var url = new Uri(test[4]);
        Assert.Equal(dockerfile.HttpPort, url.Port);
        Assert.Equal("/health", url.AbsolutePath);
        Assert.Contains("Probe.IsCommand(args)", File.ReadAllText(RepoFile("bot/Reliability.Bot/Program.cs")), StringComparison.Ordinal);
        Assert.Contains("MapHealthChecks(\"/health\")", File.ReadAllText(RepoFile("bot/Reliability.Bot/Program.cs")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/Reliability.Server/Dockerfile", "src/Reliability.Server/Reliability.Server.csproj")]
    [InlineData("bot/Reliability.Bot/Dockerfile", "bot/Reliability.Bot/Reliability.Bot.csproj")]
    public void Dockerfile_publishes_with_the_readme_command_and_runs_the_published_dll_as_non_root(string dockerfilePath, string project)
    {
        var dockerfile = Dockerfile.Read(RepoFile(dockerfilePath));
        var readme = Normalize(File.ReadAllText(RepoFile("README.md")));

        var publish = Assert.Single(dockerfile.Runs, r => r.StartsWith("dotnet publish", StringComparison.Ordinal));
        Assert.True(readme.Contains(publish, StringComparison.Ordinal), $"README.md does not show the command {dockerfilePath} builds with: `{publish}`.");
        Assert.Contains($" {Path.GetDirectoryName(project)!.Replace('\\', '/')} ", $" {publish} ", StringComparison.Ordinal);

        // The runtime stage copies exactly what the build stage published, and starts that project's assembly.
        var output = Regex.Match(publish, @"-o (\S+)").Groups[1].Value;
        Assert.Contains(dockerfile.Copies, c => c.StartsWith("--from=build ", StringComparison.Ordinal) && c.Split(' ')[1].TrimEnd('/').EndsWith(output, StringComparison.Ordinal));
        Assert.Equal(Path.GetFileNameWithoutExtension(project) + ".dll", dockerfile.EntrypointDll);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.Stages[^2], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Stages[^1], StringComparison.Ordinal);
        Assert.Equal("$APP_UID", dockerfile.User);
    }

    [Fact]
    public void Proxy_balances_both_servers_with_sticky_cookies_and_sends_interactions_to_the_bot()
    {
        var compose = Compose();
        var services = EachService(compose).ToDictionary(s => s.Name, s => s.Service);
        var mount = Assert.Single(Strings(Child(services["proxy"], "volumes")), v => v.EndsWith(":/etc/caddy/Caddyfile:ro", StringComparison.Ordinal));
        var caddyfile = File.ReadAllText(RepoFile(mount.Split(':')[0]));
        var serverPort = Dockerfile.Read(RepoFile("src/Reliability.Server/Dockerfile")).HttpPort;
        var botPort = Dockerfile.Read(RepoFile("bot/Reliability.Bot/Dockerfile")).HttpPort;

        var proxies = ReverseProxy().Matches(caddyfile).Select(m => m.Groups["upstreams"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(2, proxies.Count);
        Assert.Contains(proxies, p => p.SequenceEqual([$"server-1:{serverPort}", $"server-2:{serverPort}"]));
        Assert.Contains(proxies, p => p.SequenceEqual([$"bot:{botPort}"]));
        foreach (var upstream in proxies.SelectMany(p => p))
            Assert.True(services.ContainsKey(upstream.Split(':')[0]), $"the Caddyfile proxies to {upstream}, which is not a service.");
        Assert.Matches(@"reverse_proxy server-1:\d+ server-2:\d+ \{[^}]*lb_policy cookie", caddyfile);
        Assert.Matches(@"handle /interactions \{\s*reverse_proxy bot:", caddyfile);
        Assert.Equal($"${{RELIABILITY_HTTP_PORT:-8080}}:80", Assert.Single(Strings(Child(services["proxy"], "ports"))));
    }

    [GeneratedRegex(@"reverse_proxy (?<upstreams>[^{\r\n]+?)\s*(?:\{|$)", RegexOptions.Multiline)]
    private static partial Regex ReverseProxy();

    private static string Normalize(string text) => MultipleSpaces().Replace(text, " ");

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex MultipleSpaces();

    /// <summary>What the tests read from a Dockerfile: FROM images in order, RUN and COPY arguments, the last USER, the ENTRYPOINT's dll and the HTTP port.</summary>
    private sealed record Dockerfile(List<string> Stages, List<string> Runs, List<string> Copies, string? User, string EntrypointDll, int HttpPort)
    {
        public static Dockerfile Read(string path)
        {
            var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            List<string> Arguments(string instruction) =>
                [.. lines.Where(l => l.StartsWith(instruction + " ", StringComparison.Ordinal)).Select(l => Normalize(l[(instruction.Length + 1)..].Trim()))];

            var entrypoint = Assert.Single(Arguments("ENTRYPOINT"));
            var dll = Regex.Match(entrypoint, @"^\[""dotnet"", ""(?<dll>[^""]+\.dll)""\]$").Groups["dll"].Value;
            Assert.False(string.IsNullOrEmpty(dll), $"{path}: ENTRYPOINT is not [\"dotnet\", \"X.dll\"]: {entrypoint}");
            var port = Regex.Match(string.Join('\n', Arguments("ENV")), @"ASPNETCORE_HTTP_PORTS=(\d+)");
            Assert.True(port.Success, $"{path} does not set ASPNETCORE_HTTP_PORTS.");
            return new Dockerfile(
                [.. Arguments("FROM").Select(f => f.Split(' ')[0])],
                [.. Arguments("RUN").SelectMany(r => r.Split("&&", StringSplitOptions.TrimEntries))],
                Arguments("COPY"),
                Arguments("USER").LastOrDefault(),
                dll,
                int.Parse(port.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

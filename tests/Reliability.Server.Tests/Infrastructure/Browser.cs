using Microsoft.Playwright;

namespace Reliability.Server.Tests.Infrastructure;

/// <summary>
/// One headless Chromium (Debian's, at /usr/bin/chromium, never a downloaded one) shared by the browser tests;
/// each test gets its own context, so cookies and storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("RELIABILITY_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium was not found at {ChromiumPath}. ./test.sh installs it (apt-get install -y chromium); or set RELIABILITY_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the background-networking flags Chromium keeps trying to reach the internet, which this sandbox refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Where tests leave screenshots: RELIABILITY_ARTIFACTS (./test.sh points it into TestResults), else beside the tests.</summary>
public static class Artifacts
{
    public static string Directory
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("RELIABILITY_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    public static string File(string name) => Path.Combine(Directory, name);
}

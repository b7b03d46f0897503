using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;
using Reliability.Server.Auth;
using Reliability.Server.Tests.Infrastructure;

namespace Reliability.Server.Tests.Auth;

/// <summary>The sign-in key ring encrypted at rest with a configured certificate (DataProtection:CertificatePath).</summary>
public sealed class KeyRingCertificateTests
{
    private const string Password = "correct horse battery staple";

    private static string WriteCertificate(string directory, string password)
    {
        Directory.CreateDirectory(directory);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=reliability key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static Dictionary<string, string?> Settings(string path, string password) =>
        new() { [KeyRingCertificate.PathKey] = path, [KeyRingCertificate.PasswordKey] = password };

    [Fact]
    public async Task Key_ring_is_stored_encrypted_and_a_restarted_server_with_the_certificate_accepts_earlier_cookies()
    {
        var directory = TestApp.NewDataDirectory();
        var settings = Settings(WriteCertificate(directory, "pfx password"), "pfx password");
        string cookie;
        await using (var first = new TestApp(settings: settings, dataDirectory: directory, keepData: true))
        {
            var (code, _, error) = await first.CliAsync("users add alice --role viewer --password-stdin", stdin: Password + "\n");
            Assert.True(code == 0, error);
            var client = first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            var login = await client.PostJsonAsync("/api/auth/login", new { userName = "alice", password = Password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("reliability.auth=", StringComparison.Ordinal)).Split(';')[0];

            var stored = first.WithDb(db => db.DataProtectionKeys.Select(k => k.Xml!).ToList());
            Assert.NotEmpty(stored);
            Assert.All(stored, xml =>
            {
                Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }

        await using var second = new TestApp(settings: settings, dataDirectory: directory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        var me = await second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("alice", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_refuses_to_start_with_a_certificate_its_password_does_not_open_or_a_missing_file()
    {
        var directory = TestApp.NewDataDirectory();
        var path = WriteCertificate(directory, "right password");
        foreach (var (file, password) in new[] { (path, "wrong password"), (Path.Combine(directory, "missing.pfx"), "right password") })
        {
            await using var app = new TestApp(settings: Settings(file, password), dataDirectory: directory, keepData: true);
            var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
            Assert.Contains(KeyRingCertificate.PathKey, messages, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e;
        if (error is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Reliability.Server.Auth;

/// <summary>
/// The certificate that encrypts the sign-in key ring at rest (<c>DataProtection:CertificatePath</c>, a PKCS#12 file, and
/// <c>DataProtection:CertificatePassword</c>). Without one the keys are stored in the database as they are, and anyone who
/// can read the database could forge sign-in cookies. Every instance needs the same certificate.
/// </summary>
public static class KeyRingCertificate
{
    public const string PathKey = "DataProtection:CertificatePath";
    public const string PasswordKey = "DataProtection:CertificatePassword";

    public static X509Certificate2? Load(IConfiguration config)
    {
        var path = config[PathKey];
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (!File.Exists(path)) throw new InvalidOperationException($"{PathKey}: no certificate file at '{path}'.");
        X509Certificate2 certificate;
        try { certificate = X509CertificateLoader.LoadPkcs12FromFile(path, config[PasswordKey], X509KeyStorageFlags.EphemeralKeySet); }
        catch (CryptographicException ex) { throw new InvalidOperationException($"{PathKey}: '{path}' is not a PKCS#12 file this password ({PasswordKey}) opens: {ex.Message}", ex); }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            throw new InvalidOperationException($"{PathKey}: '{path}' holds no RSA private key; the key ring needs one to decrypt its keys.");
        return certificate;
    }
}

using System.Globalization;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Reliability.Bot.Interactions;

/// <summary>Why a request was refused; every reason answers 401, the reason is only logged.</summary>
public enum SignatureFailure { None, MissingHeaders, MalformedSignature, MalformedTimestamp, WrongSignature, StaleTimestamp }

/// <summary>
/// Discord signs <c>X-Signature-Timestamp + raw body</c> with the application's Ed25519 key and sends the signature
/// hex-encoded in <c>X-Signature-Ed25519</c>. Discord probes endpoints with bad signatures and removes the ones that
/// accept them, so anything short of an exact, fresh signature fails.
/// </summary>
public sealed class SignatureVerifier(byte[] publicKey, TimeProvider time)
{
    /// <summary>How far the signed timestamp may be from our clock, either way.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly byte[] _publicKey = publicKey.Length == Ed25519.PublicKeySize
        ? (byte[])publicKey.Clone()
        : throw new ArgumentException($"An Ed25519 public key has {Ed25519.PublicKeySize} bytes.", nameof(publicKey));

    public SignatureFailure Check(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(signatureHex) || string.IsNullOrEmpty(timestamp)) return SignatureFailure.MissingHeaders;
        if (!TryDecodeSignature(signatureHex, out var signature)) return SignatureFailure.MalformedSignature;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds)
            || unixSeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return SignatureFailure.MalformedTimestamp;

        var timestampBytes = Encoding.UTF8.GetBytes(timestamp);
        var message = new byte[timestampBytes.Length + body.Length];
        timestampBytes.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(timestampBytes.Length));
        if (!Verify(_publicKey, message, signature)) return SignatureFailure.WrongSignature;

        // Checked after the signature so the timestamp is known to be Discord's own.
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        return age.Duration() > MaxClockSkew ? SignatureFailure.StaleTimestamp : SignatureFailure.None;
    }

    /// <summary>Pure RFC 8032 Ed25519 verification (BouncyCastle also rejects non-canonical scalars and points).</summary>
    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature) =>
        publicKey.Length == Ed25519.PublicKeySize && signature.Length == Ed25519.SignatureSize
        && Ed25519.Verify(signature, 0, publicKey, 0, message, 0, message.Length);

    private static bool TryDecodeSignature(string hex, out byte[] signature)
    {
        signature = [];
        if (hex.Length != Ed25519.SignatureSize * 2) return false;
        try { signature = Convert.FromHexString(hex); }
        catch (FormatException) { return false; }
        return true;
    }
}

using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Reliability.Bot.Interactions;
using Reliability.Bot.Tests.Infrastructure;

namespace Reliability.Bot.Tests.Interactions;

public class SignatureVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    // RFC 8032 section 7.1, TEST 1 (empty message), TEST 2 (one byte) and TEST 3 (two bytes).
    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Rfc8032_test_vectors_sign_and_verify_exactly(string secretHex, string publicHex, string messageHex, string signatureHex)
    {
        var secret = new Ed25519PrivateKeyParameters(Convert.FromHexString(secretHex), 0);
        var message = Convert.FromHexString(messageHex);
        Assert.Equal(publicHex, Convert.ToHexStringLower(secret.GeneratePublicKey().GetEncoded()));

        var signer = new Ed25519Signer();
        signer.Init(true, secret);
        signer.BlockUpdate(message, 0, message.Length);
        Assert.Equal(signatureHex, Convert.ToHexStringLower(signer.GenerateSignature()));

        var publicKey = Convert.FromHexString(publicHex);
        var signature = Convert.FromHexString(signatureHex);
        Assert.True(SignatureVerifier.Verify(publicKey, message, signature));
        // Any flipped bit, in the signature or the message, fails.
        for (var i = 0; i < signature.Length; i += 7)
        {
            var bad = (byte[])signature.Clone();
            bad[i] ^= 0x01;
            Assert.False(SignatureVerifier.Verify(publicKey, message, bad));
        }
        Assert.False(SignatureVerifier.Verify(publicKey, [.. message, 0x00], signature));
    }

    [Fact]
    public void A_fresh_signature_over_timestamp_and_body_passes()
    {
        var (keys, verifier) = Setup();
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        Assert.Equal(SignatureFailure.None, verifier.Check(keys.Sign(timestamp, Body), timestamp, Bytes(Body)));
    }

    [Theory]
    [InlineData(null, "1700000000")]
    [InlineData("", "1700000000")]
    [InlineData("00", null)]
    [InlineData("00", "")]
    public void Missing_headers_fail(string? signature, string? timestamp) =>
        Assert.Equal(SignatureFailure.MissingHeaders, Setup().Verifier.Check(signature, timestamp, Bytes(Body)));

    [Theory]
    [InlineData("abc")]                     // odd length
    [InlineData("zz")]                      // not hex
    [InlineData("00112233")]                // too short
    public void Malformed_signatures_fail(string signature) =>
        Assert.Equal(SignatureFailure.MalformedSignature, Setup().Verifier.Check(signature, Now.ToUnixTimeSeconds().ToString(), Bytes(Body)));

    [Fact]
    public void A_signature_of_the_right_length_that_is_not_hex_fails()
    {
        var (keys, verifier) = Setup();
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = "g" + keys.Sign(timestamp, Body)[1..];
        Assert.Equal(SignatureFailure.MalformedSignature, verifier.Check(signature, timestamp, Bytes(Body)));
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Malformed_timestamps_fail(string timestamp)
    {
        var (keys, verifier) = Setup();
        Assert.Equal(SignatureFailure.MalformedTimestamp, verifier.Check(keys.Sign(timestamp, Body), timestamp, Bytes(Body)));
    }

    [Fact]
    public void Tampering_with_the_body_the_timestamp_or_the_key_fails()
    {
        var (keys, verifier) = Setup();
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = keys.Sign(timestamp, Body);
        Assert.Equal(SignatureFailure.WrongSignature, verifier.Check(signature, timestamp, Bytes(Body.Replace("\"type\":1", "\"type\":2", StringComparison.Ordinal))));
        Assert.Equal(SignatureFailure.WrongSignature, verifier.Check(signature, (Now.ToUnixTimeSeconds() - 1).ToString(), Bytes(Body)));
        Assert.Equal(SignatureFailure.WrongSignature, verifier.Check(DiscordKeys.Generate().Sign(timestamp, Body), timestamp, Bytes(Body)));
        // The signature covers the bytes as sent: re-serialised JSON with other spacing is not what was signed.
        Assert.Equal(SignatureFailure.WrongSignature, verifier.Check(signature, timestamp, Bytes(Body.Replace(",", ", ", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData(-301, SignatureFailure.StaleTimestamp)]
    [InlineData(301, SignatureFailure.StaleTimestamp)]
    [InlineData(-3600, SignatureFailure.StaleTimestamp)]
    [InlineData(-299, SignatureFailure.None)]
    [InlineData(299, SignatureFailure.None)]
    public void Timestamps_more_than_five_minutes_off_fail_even_when_signed(int offsetSeconds, SignatureFailure expected)
    {
        var (keys, verifier) = Setup();
        var timestamp = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString();
        Assert.Equal(expected, verifier.Check(keys.Sign(timestamp, Body), timestamp, Bytes(Body)));
    }

    [Fact]
    public void A_public_key_of_the_wrong_size_is_refused_at_start() =>
        Assert.Throws<ArgumentException>(() => new SignatureVerifier(new byte[31], new FixedTime(Now)));

    private const string Body = """{"application_id":"775799577604522054","id":"1","token":"t","type":1,"version":1}""";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static (DiscordKeys Keys, SignatureVerifier Verifier) Setup()
    {
        var keys = DiscordKeys.Generate();
        return (keys, new SignatureVerifier(Convert.FromHexString(keys.PublicKeyHex), new FixedTime(Now)));
    }
}

public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

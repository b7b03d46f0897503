using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Reliability.Bot.Tests.Infrastructure;

/// <summary>
/// Plays Discord's part: an Ed25519 key pair generated per test app, whose public key the bot is configured with,
/// signing <c>timestamp + body</c> the way Discord does.
/// </summary>
public sealed class DiscordKeys
{
    private readonly Ed25519PrivateKeyParameters _secret;

    private DiscordKeys(Ed25519PrivateKeyParameters secret) => _secret = secret;

    public static DiscordKeys Generate()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return new DiscordKeys((Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private);
    }

    public string PublicKeyHex => Convert.ToHexStringLower(_secret.GeneratePublicKey().GetEncoded());

    public string Sign(string timestamp, string body) => Convert.ToHexStringLower(Sign(Encoding.UTF8.GetBytes(timestamp + body)));

    public byte[] Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _secret);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }
}

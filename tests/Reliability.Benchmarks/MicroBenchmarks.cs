using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Signers;
using Reliability.Bot.Interactions;
using Reliability.Server.Data;
using Reliability.Server.Scoring;

namespace Reliability.Benchmarks;

/// <summary>The scoring model on one source's record: the full recompute's per-source work, without the database.</summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private List<ScoredClaim> _claims = [];
    private Dictionary<int, ScoredClaim> _byId = [];
    private readonly ScoringOptions _options = new();
    private static readonly DateOnly Today = new(2026, 11, 1);

    /// <summary>Claims of the source: a typical one, and the busiest in the 1M-claim data (about 100k).</summary>
    [Params(100, 100_000)]
    public int Claims { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        VerdictOutcome?[] outcomes = [VerdictOutcome.Confirmed, VerdictOutcome.Refuted, VerdictOutcome.PartlyTrue, VerdictOutcome.Retracted, VerdictOutcome.Unverifiable, null, null];
        _claims = [.. Enumerable.Range(1, Claims).Select(id => new ScoredClaim(id, Today.AddDays(-random.Next(3650)),
            random.NextDouble() < 0.4 ? random.NextDouble() : null, id > 10 && random.NextDouble() < 0.03 ? id - 1 - random.Next(10) : null,
            outcomes[random.Next(outcomes.Length)]))];
        _byId = _claims.ToDictionary(c => c.ClaimId);
    }

    [Benchmark]
    public SourceScore Score() => ReliabilityModel.Score(_claims, _byId, Today, _options);
}

/// <summary>The bot's check of Discord's Ed25519 signature over timestamp + body, as it runs on every interaction.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private SignatureVerifier _verifier = null!;
    private string _signature = "";
    private string _timestamp = "";
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        var secret = BotLatency.NewSigningKey();
        _verifier = new SignatureVerifier(secret.GeneratePublicKey().GetEncoded(), TimeProvider.System);
        _timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _body = Encoding.UTF8.GetBytes("{\"type\":2,\"id\":\"1400000000000000001\",\"data\":{\"name\":\"reliability\",\"options\":[{\"name\":\"source\",\"type\":3,\"value\":\"Benchmark Wire\"}]}}");
        var message = Encoding.UTF8.GetBytes(_timestamp).Concat(_body).ToArray();
        var signer = new Ed25519Signer();
        signer.Init(true, secret);
        signer.BlockUpdate(message, 0, message.Length);
        _signature = Convert.ToHexStringLower(signer.GenerateSignature());
    }

    [Benchmark]
    public SignatureFailure CheckSignature() => _verifier.Check(_signature, _timestamp, _body);
}

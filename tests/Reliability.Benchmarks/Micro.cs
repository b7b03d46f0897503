using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Reliability.Benchmarks;

/// <summary>One BenchmarkDotNet result: mean and its 99.9% error half-width, in microseconds, and bytes allocated per call.</summary>
internal sealed record MicroResult(string Name, double MeanUs, double ErrorUs, long? AllocatedBytes);

/// <summary>
/// The pure code on BenchmarkDotNet: a short in-process job (no generated project to build, 3 warm-ups, 5 iterations),
/// so it fits the `all` budget; wider error bars than a default job, which the report shows.
/// </summary>
internal static class Micro
{
    public static List<MicroResult> Run()
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1);
        var config = ManualConfig.CreateEmpty().AddJob(job).AddLogger(NullLogger.Instance)
            .AddColumnProvider(DefaultColumnProviders.Instance).AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "reliability-bench-bdn"))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summaries = BenchmarkRunner.Run([typeof(ScoringBenchmarks), typeof(SignatureBenchmarks)], config);
        return [.. summaries.SelectMany(s => s.Reports).Select(Result)];
    }

    private static MicroResult Result(BenchmarkReport report)
    {
        var stats = report.ResultStatistics;
        var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name
            + (report.BenchmarkCase.HasParameters ? $" ({report.BenchmarkCase.Parameters.PrintInfo})" : "");
        return new MicroResult(name, (stats?.Mean ?? double.NaN) / 1000, (stats?.ConfidenceInterval.Margin ?? double.NaN) / 1000,
            report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
    }
}

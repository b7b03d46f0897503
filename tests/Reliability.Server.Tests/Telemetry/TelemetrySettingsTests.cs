using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using Reliability.Telemetry;

namespace Reliability.Server.Tests.Telemetry;

/// <summary>How the telemetry settings are read: the own keys win over the standard OTEL_* ones, and bad values stop the start.</summary>
public sealed class TelemetrySettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void The_own_endpoint_setting_wins_over_the_standard_variable_and_blank_means_none()
    {
        Assert.Null(ServiceTelemetry.OtlpEndpoint(Config()));
        Assert.Null(ServiceTelemetry.OtlpEndpoint(Config(("Telemetry:OtlpEndpoint", ""), ("OTEL_EXPORTER_OTLP_ENDPOINT", " "))));
        Assert.Equal(new Uri("http://standard:4317"), ServiceTelemetry.OtlpEndpoint(Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://standard:4317"))));
        Assert.Equal(new Uri("http://own:4318"), ServiceTelemetry.OtlpEndpoint(Config(("Telemetry:OtlpEndpoint", "http://own:4318"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://standard:4317"))));
    }

    [Theory]
    [InlineData("collector:4317")]
    [InlineData("ftp://collector")]
    [InlineData("not a url")]
    public void An_endpoint_that_is_not_an_http_url_is_refused_with_its_value(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceTelemetry.OtlpEndpoint(Config(("Telemetry:OtlpEndpoint", value))));
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_protocol_defaults_to_grpc_and_takes_http_protobuf_from_either_key()
    {
        Assert.Equal(OtlpExportProtocol.Grpc, ServiceTelemetry.OtlpProtocol(Config()));
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, ServiceTelemetry.OtlpProtocol(Config(("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))));
        Assert.Equal(OtlpExportProtocol.Grpc, ServiceTelemetry.OtlpProtocol(Config(("Telemetry:OtlpProtocol", "grpc"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"))));
        Assert.Throws<InvalidOperationException>(() => ServiceTelemetry.OtlpProtocol(Config(("Telemetry:OtlpProtocol", "http/json"))));
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Testing", null, true)]
    [InlineData("Development", null, false)]
    [InlineData("Development", "json", true)]
    [InlineData("Production", "simple", false)]
    public void Logs_are_json_outside_development_unless_the_format_says_otherwise(string environment, string? format, bool json)
    {
        var env = new FakeEnvironment { EnvironmentName = environment };
        Assert.Equal(json, ServiceTelemetry.LogsAreJson(Config(("Logging:Format", format)), env));
    }

    [Fact]
    public void An_unknown_log_format_is_refused()
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<InvalidOperationException>(() =>
            ServiceTelemetry.AddConsoleFormat(builder.Logging, Config(("Logging:Format", "xml")), new FakeEnvironment { EnvironmentName = "Production" }));
        Assert.Contains("'xml'", error.Message, StringComparison.Ordinal);
    }

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

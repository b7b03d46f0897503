using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Reliability.Telemetry;

/// <summary>
/// The telemetry every Reliability process shares (the server compiles this file, the bot links it): console logs as
/// JSON lines or plain text by <c>Logging:Format</c>, each line carrying the current trace and span ids; and
/// OpenTelemetry traces, metrics and logs exported over OTLP, registered only when an endpoint is configured, so a process
/// without one pays for neither.
/// </summary>
public static class ServiceTelemetry
{
    public const string FormatKey = "Logging:Format";
    public const string EndpointKey = "Telemetry:OtlpEndpoint";
    public const string ProtocolKey = "Telemetry:OtlpProtocol";
    public const string StandardEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string StandardProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>
    /// Console logging by <c>Logging:Format</c> (<c>json</c>, the default outside Development, or <c>simple</c>) plus
    /// OpenTelemetry when <see cref="OtlpEndpoint"/> finds an endpoint; <paramref name="tracing"/> and
    /// <paramref name="metrics"/> add the process's own sources and meters to the common instrumentation.
    /// </summary>
    public static WebApplicationBuilder AddServiceTelemetry(this WebApplicationBuilder builder, string serviceName,
        Action<TracerProviderBuilder> tracing, Action<MeterProviderBuilder> metrics)
    {
        var config = builder.Configuration;
        AddConsoleFormat(builder.Logging, config, builder.Environment);

        var endpoint = OtlpEndpoint(config);
        if (endpoint is null) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: typeof(ServiceTelemetry).Assembly.GetName().Version?.ToString(),
                autoGenerateServiceInstanceId: true))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                    .AddHttpClientInstrumentation();
                tracing(t);
            })
            .WithMetrics(m =>
            {
                // ASP.NET Core's own meters (requests, Kestrel connections, SignalR connections) and the runtime's.
                m.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                metrics(m);
            })
            // For http/protobuf the exporter appends /v1/traces, /v1/metrics and /v1/logs to the base address.
            .UseOtlpExporter(OtlpProtocol(config), endpoint);
        // Exported log records keep their scopes (a job run's Job and FireId) and the formatted message, as the console does.
        builder.Services.Configure<OpenTelemetryLoggerOptions>(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
        });
        return builder;
    }

    /// <summary><c>Telemetry:OtlpEndpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; null (export nothing) when neither is set.</summary>
    public static Uri? OtlpEndpoint(IConfiguration config)
    {
        var value = config[EndpointKey] is { Length: > 0 } own ? own : config[StandardEndpointKey];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"The OTLP endpoint '{value}' is not an absolute http(s) URL (e.g. http://collector:4317).");
        return uri;
    }

    /// <summary><c>grpc</c> (the default, port 4317) or <c>http/protobuf</c> (port 4318), from <c>Telemetry:OtlpProtocol</c> or <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
    public static OtlpExportProtocol OtlpProtocol(IConfiguration config)
    {
        var value = config[ProtocolKey] is { Length: > 0 } own ? own : config[StandardProtocolKey];
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"The OTLP protocol '{value}' is not supported; use 'grpc' or 'http/protobuf'."),
        };
    }

    /// <summary>Whether console logs are JSON lines (then anything else written to the console should be a log entry too).</summary>
    public static bool LogsAreJson(IConfiguration config, IHostEnvironment environment) => Format(config, environment) == "json";

    private static string Format(IConfiguration config, IHostEnvironment environment) =>
        config[FormatKey] is { Length: > 0 } configured ? configured.Trim().ToLowerInvariant()
            : environment.IsDevelopment() ? "simple" : "json";

    /// <summary>JSON lines (one object per entry, scopes and UTC timestamps included) or the plain console format.</summary>
    public static void AddConsoleFormat(ILoggingBuilder logging, IConfiguration config, IHostEnvironment environment)
    {
        // Every entry written inside an Activity (a request, a job run) names its trace and span.
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        switch (Format(config, environment))
        {
            case "json":
                logging.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                    o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
                });
                break;
            case "simple":
                logging.AddSimpleConsole(o => o.IncludeScopes = false);
                break;
            default:
                throw new InvalidOperationException($"{FormatKey} '{config[FormatKey]}' is not a log format; use 'json' or 'simple'.");
        }
    }
}

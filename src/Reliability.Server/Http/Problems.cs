using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Reliability.Server.Data;

namespace Reliability.Server.Http;

/// <summary>
/// Turns malformed requests into RFC 9457 problem details that name the offending field
/// (minimal APIs would otherwise answer a bare 400 with no body).
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;

        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read." };
        if (bad.InnerException is JsonException json)
        {
            var field = FieldName(json.Path);
            problem.Title = "One or more fields are invalid.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [Describe(json, field)] };
        }
        else if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            problem.Title = $"The request body is larger than {Limits.MaxRequestBodyBytes / 1024} KiB.";
        }
        else
        {
            problem.Detail = bad.Message;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>"$.statedConfidence" → "statedConfidence"; "$.tags[2]" → "tags[2]"; "$" → "body".</summary>
    public static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Describe(JsonException json, string field)
    {
        // System.Text.Json messages carry type names and positions meant for developers; keep the first sentence.
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return $"'{field}' is not a known field.";
        if (message.Contains("could not be converted", StringComparison.Ordinal)) return $"'{field}' has a value of the wrong type or format.";
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}

/// <summary>Answers 413 before reading a body that declares itself too large.</summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > Limits.MaxRequestBodyBytes)
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        return next(context);
    }
}

/// <summary>Collects field errors in request order, keyed by the JSON field name.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Trims; checks presence and length; returns the trimmed text (null when absent).</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) Add(field, $"'{field}' is required.");
            return null;
        }
        if (trimmed.Length > maxLength) Add(field, $"'{field}' must be at most {maxLength} characters (it has {trimmed.Length}).");
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            Add(field, $"'{field}' contains control characters.");
        return trimmed;
    }

    /// <summary>An absolute http(s) URL.</summary>
    public string? Url(string field, string? value, bool required = false)
    {
        var text = Text(field, value, Limits.UrlLength, required);
        if (text is null || Has(field)) return text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            Add(field, $"'{field}' must be an absolute http or https URL.");
        return text;
    }

    public T Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, $"'{field}' is required.");
        return value.GetValueOrDefault();
    }

    /// <summary>Trimmed, distinct (case-insensitive) list of short strings.</summary>
    public List<string> List(string field, IEnumerable<string?>? values, int maxCount, int maxLength, bool lowerCase = false)
    {
        var result = new List<string>();
        if (values is null) return result;
        var index = 0;
        foreach (var value in values)
        {
            var item = Text($"{field}[{index}]", value, maxLength, required: true);
            if (item is not null)
            {
                if (lowerCase) item = item.ToLowerInvariant();
                if (!result.Contains(item, StringComparer.OrdinalIgnoreCase)) result.Add(item);
            }
            index++;
        }
        if (index > maxCount) Add(field, $"'{field}' may hold at most {maxCount} items (it has {index}).");
        return result;
    }

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem Problem() => TypedResults.ValidationProblem(Errors);
}

public static class Problems
{
    public static ProblemHttpResult NotFound(string what, int id) =>
        TypedResults.Problem(title: $"{what} {id} does not exist.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions);

    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

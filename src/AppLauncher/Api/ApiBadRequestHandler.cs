using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AppLauncher.Api;

/// <summary>
/// Answers a request whose body the API cannot read (not JSON, the wrong shape, a null where a value is required, an
/// unsupported content type) with a problem that says what is wrong and where, at the status the framework chose
/// (400, 413, 415): without it the answer is a bare "Bad Request" with no reason.
/// </summary>
internal sealed class ApiBadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "Request body not readable",
                Detail = Describe(bad),
            },
        });
    }

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json =>
            $"The request body is not the JSON this endpoint takes{(json.Path is { Length: > 0 } path ? $" (at {path}" + (json.LineNumber is { } line ? $", line {line + 1})" : ")") : "")}: " +
            $"{Clean(json.Message)} Fix the body and send it again; 'launcher' sends well-formed bodies.",
        _ => $"{bad.Message.TrimEnd('.')}. Send a JSON object ('Content-Type: application/json') as the API documents.",
    };

    /// <summary>System.Text.Json's message without the positions given above and its advice to the programmer.</summary>
    private static string Clean(string message)
    {
        foreach (var cut in new[] { " Path: ", " LineNumber:", " Change the reader options." })
        {
            var at = message.IndexOf(cut, StringComparison.Ordinal);
            message = at >= 0 ? message[..at] : message;
        }

        return message.TrimEnd('.', ' ', '|') + ".";
    }
}

using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Indicators.Api.Operations;
using Indicators.Api.Storage;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on POST and PUT (DESIGN §3): the first answer for a key is stored with a hash of the
/// request; a replay with the same request gets the stored answer without writing again, the same key with
/// a different request is a 422. Keys belong to the caller (the API key), so two callers never collide. A stored answer
/// replays for <c>Idempotency:RetentionHours</c> (24 h); after that the key starts a new request. The key is claimed in the
/// database before the request runs, so the same key sent to several instances at once runs once: the others wait for
/// its answer (a 409 if it takes longer than 30 s).
/// </summary>
public sealed class Idempotency(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    // Two requests with the same key at the same moment run one after the other, so the second replays.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InFlight = new(StringComparer.Ordinal);

    // How long a request waits for another instance's run of the same key to answer, and how often it looks.
    private static readonly TimeSpan InProgressWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InProgressPoll = TimeSpan.FromMilliseconds(100);

    public async Task InvokeAsync(HttpContext context, IdempotencyStore store, IProblemDetailsService problems, TimeProvider clock, IOptions<IdempotencyRetentionOptions> retention)
    {
        var key = context.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || !(HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)))
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || !TextRules.IsPrintable(key) || key.Any(char.IsControl))
        {
            await WriteProblemAsync(context, problems, StatusCodes.Status400BadRequest, $"{Header} must be 1 to {MaxKeyLength} printable characters.");
            return;
        }
        var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var slot = caller + "\n" + key;
        var gate = InFlight.GetOrAdd(slot, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(context.RequestAborted);
        try
        {
            await HandleAsync(context, store, problems, caller, key, clock.GetUtcNow(), retention.Value);
        }
        finally
        {
            gate.Release();
            if (gate.CurrentCount == 1) InFlight.TryRemove(KeyValuePair.Create(slot, gate));
        }
    }

    private async Task HandleAsync(HttpContext context, IdempotencyStore store, IProblemDetailsService problems, string caller, string key,
        DateTimeOffset now, IdempotencyRetentionOptions retention)
    {
        var ct = context.RequestAborted;
        // A record older than the retention is as good as gone, whether or not the hourly sweep has deleted it yet.
        var notBefore = now - retention.Retention;
        var requestHash = await HashRequestAsync(context.Request, ct);
        var held = await store.FindAsync(caller, key, notBefore, ct) ?? await store.ClaimAsync(caller, key, requestHash, now, notBefore, ct);
        // Another instance runs the same key right now: its answer is the answer.
        for (var waited = TimeSpan.Zero; held is { InProgress: true } && waited < InProgressWait; waited += InProgressPoll)
        {
            await Task.Delay(InProgressPoll, ct);
            held = await store.FindAsync(caller, key, notBefore, ct) ?? await store.ClaimAsync(caller, key, requestHash, now, notBefore, ct);
        }
        if (held is not null)
        {
            if (held.RequestHash != requestHash)
            {
                await WriteProblemAsync(context, problems, StatusCodes.Status422UnprocessableEntity,
                    $"This {Header} was already used for a different request; use a new key for a new request.");
                return;
            }
            if (held.InProgress)
            {
                await WriteProblemAsync(context, problems, StatusCodes.Status409Conflict,
                    $"A request with this {Header} is still running; retry it later to get its answer.");
                return;
            }
            context.Response.StatusCode = (int)held.StatusCode;
            if (held.ContentType is not null) context.Response.ContentType = held.ContentType;
            context.Response.Headers["Idempotent-Replayed"] = "true";
            if (held.Body is { Length: > 0 }) await context.Response.Body.WriteAsync(held.Body, ct);
            return;
        }

        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            context.Response.Body = original;
            // Only answers that settle the request are kept: not auth failures, throttling or server trouble, which a retry may change.
            if (status < 500 && status is not (401 or 403 or 429))
                await store.CompleteAsync(caller, key, new IdempotencyRecord(requestHash, status, context.Response.ContentType, captured.ToArray()));
            else
                await store.ReleaseAsync(caller, key);
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, ct);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0) hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static async Task WriteProblemAsync(HttpContext context, IProblemDetailsService problems, int status, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = "The idempotency key cannot be used.", Detail = detail },
        });
    }

}

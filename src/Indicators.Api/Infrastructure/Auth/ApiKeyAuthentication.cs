using System.Security.Claims;
using System.Text.Encodings.Web;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>Authenticates <c>X-Api-Key: …</c> or <c>Authorization: ApiKey …</c> against the hashed keys; revoked keys fail at once.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string UnitClaim = "unit";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null) return AuthenticateResult.NoResult();
        if (await keys.AuthenticateAsync(key, Context.RequestAborted) is not { } found) return AuthenticateResult.Fail("The API key is not valid.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, $"{found.Name} ({found.Prefix})"),
            new(ClaimTypes.Role, found.Role),
        };
        claims.AddRange(found.Units.Select(u => new Claim(UnitClaim, u)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return Task.CompletedTask;
    }

    /// <summary>The key the request presents, if any.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers["X-Api-Key"].ToString();
        if (!string.IsNullOrWhiteSpace(header)) return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}

/// <summary>Who is calling, as established by <see cref="ApiKeyAuthentication"/>.</summary>
public static class CallerExtensions
{
    /// <summary>The name written to the audit trail: the key's name and prefix, never the secret.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static IReadOnlyList<string> ScopeUnits(this ClaimsPrincipal user) =>
        user.FindAll(ApiKeyAuthentication.UnitClaim).Select(c => c.Value).ToList();
}

using Indicators.Api.Domain;
using Microsoft.AspNetCore.Authorization;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>The authorization policies endpoints name (FastEndpoints' <c>Policies(...)</c>). Unit scopes are checked by the endpoints themselves.</summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Report = "report";
    public const string Approve = "approve";
    public const string Admin = "admin";

    /// <summary>A reporter or an approver (the endpoint checks its units), or an admin: explaining a miss is the unit's to do.</summary>
    public const string Explain = "explain";

    /// <summary>Any valid key, whatever its role: the audit trail names who changed what.</summary>
    public const string AnyKey = "anyKey";

    public static void Configure(AuthorizationOptions options, bool requireAuthForReads)
    {
        if (requireAuthForReads)
        {
            options.AddPolicy(Read, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());
        }
        else
        {
            // Open reads, but a key that is presented must be valid: a revoked or mistyped key is refused, not ignored.
            options.AddPolicy(Read, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAssertion(c =>
                c.User.Identity?.IsAuthenticated == true || c.Resource is not HttpContext http || ApiKeyAuthentication.PresentedKey(http.Request) is null));
        }
        options.AddPolicy(AnyKey, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());
        options.AddPolicy(Report, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Reporter, Roles.Admin));
        options.AddPolicy(Approve, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Approver, Roles.Admin));
        options.AddPolicy(Explain, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Reporter, Roles.Approver, Roles.Admin));
        options.AddPolicy(Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Admin));
    }
}

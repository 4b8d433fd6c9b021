using Microsoft.AspNetCore.Authorization;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>The authorization policies endpoints name. Unit scopes are checked by the endpoints themselves.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Report = "report";
    public const string Approve = "approve";
    public const string Admin = "admin";

    public static void Configure(AuthorizationOptions options, bool requireAuthForReads)
    {
        if (requireAuthForReads)
        {
            options.AddPolicy(Read, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());
        }
        else
        {
            options.AddPolicy(Read, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAssertion(_ => true));
        }
        options.AddPolicy(Report, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Reporter, Roles.Admin));
        options.AddPolicy(Approve, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Approver, Roles.Admin));
        options.AddPolicy(Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Admin));
    }
}

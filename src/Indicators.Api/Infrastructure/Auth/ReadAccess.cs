using Microsoft.AspNetCore.Authorization;

namespace Indicators.Api.Infrastructure.Auth;

public static class ReadAccess
{
    /// <summary>
    /// An open read. FastEndpoints gives every endpoint that names no policy a bare <c>[Authorize]</c> (an authenticated
    /// caller); a read replaces it with <see cref="AccessPolicies.Read"/>, which lets callers without a key through unless
    /// <c>Auth:RequireAuthForReads</c> is true, and refuses a presented key that is not valid.
    /// </summary>
    public static RouteHandlerBuilder RequireReadAccess(this RouteHandlerBuilder builder)
    {
        builder.Add(endpoint =>
        {
            for (var i = endpoint.Metadata.Count - 1; i >= 0; i--)
            {
                if (endpoint.Metadata[i] is IAuthorizeData { Policy: null, Roles: null, AuthenticationSchemes: null }) endpoint.Metadata.RemoveAt(i);
            }
            endpoint.Metadata.Add(new AuthorizeAttribute(AccessPolicies.Read));
        });
        return builder;
    }
}

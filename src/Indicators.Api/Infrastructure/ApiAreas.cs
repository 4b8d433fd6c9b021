using FastEndpoints;

namespace Indicators.Api.Infrastructure;

/// <summary>A route group under <c>/api/v1</c>: its prefix and its OpenAPI tag.</summary>
public abstract class ApiArea : Group
{
    protected ApiArea(string prefix, string tag) =>
        Configure(prefix, endpoint =>
        {
            // The route as metrics and logs name it: /api/v1/indicators, not api/v1/indicators/.
            for (var i = 0; i < endpoint.Routes.Length; i++) endpoint.Routes[i] = "/" + endpoint.Routes[i].Trim('/');
            endpoint.Description(b => b.WithTags(tag));
        });
}

public sealed class IndicatorsArea() : ApiArea("api/v1/indicators", "Indicators");

public sealed class UnitsArea() : ApiArea("api/v1/units", "Units");

public sealed class TargetsArea() : ApiArea("api/v1/targets", "Targets");

public sealed class SubmissionsArea() : ApiArea("api/v1/submissions", "Submissions");

public sealed class ValuesArea() : ApiArea("api/v1/values", "Values");

public sealed class ImportsArea() : ApiArea("api/v1", "Imports");

public sealed class AttainmentArea() : ApiArea("api/v1", "Attainment");

public sealed class TasksArea() : ApiArea("api/v1/tasks", "Tasks");

public sealed class AgenciesArea() : ApiArea("api/v1/agencies", "Tasks");

public sealed class ReportsArea() : ApiArea("api/v1/reports", "Reports");

public sealed class AdminArea() : ApiArea("api/v1/admin/keys", "Admin");

public sealed class ExplanationsArea() : ApiArea("api/v1/explanations", "Explanations");

public sealed class NotificationsArea() : ApiArea("api/v1/notifications", "Notifications");

public sealed class CategoriesArea() : ApiArea("api/v1/categories", "Categories");

using FastEndpoints;

namespace Indicators.Api.Infrastructure;

/// <summary>A group of endpoints under one OpenAPI tag; their routes are <see cref="ApiRoutes"/>.</summary>
public abstract class ApiArea : Group
{
    protected ApiArea(string tag) => Configure("", endpoint => endpoint.Description(b => b.WithTags(tag)));
}

public sealed class IndicatorsArea() : ApiArea("Indicators");

public sealed class UnitsArea() : ApiArea("Units");

public sealed class TargetsArea() : ApiArea("Targets");

public sealed class SubmissionsArea() : ApiArea("Submissions");

public sealed class ValuesArea() : ApiArea("Values");

public sealed class ImportsArea() : ApiArea("Imports");

public sealed class AttainmentArea() : ApiArea("Attainment");

public sealed class TasksArea() : ApiArea("Tasks");

public sealed class AgenciesArea() : ApiArea("Tasks");

public sealed class ReportsArea() : ApiArea("Reports");

public sealed class AdminArea() : ApiArea("Admin");

public sealed class ExplanationsArea() : ApiArea("Explanations");

public sealed class NotificationsArea() : ApiArea("Notifications");

public sealed class CategoriesArea() : ApiArea("Categories");

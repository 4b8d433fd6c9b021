namespace Indicators.Api.Domain;

/// <summary>What an audit entry is about; stored as camelCase text (<c>value</c>, <c>apiKey</c>, …).</summary>
public enum AuditEntity { Value, Submission, Indicator, Unit, Target, ApiKey, Holiday, Agency, Task, Explanation, Category }

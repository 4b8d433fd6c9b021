namespace Indicators.Api.Domain;

/// <summary>
/// What an audit entry is about; stored as camelCase text (<c>value</c>, <c>apiKey</c>, …). A <see cref="ValueBatch"/>
/// entry holds the value changes of one submission written by a bulk load (<see cref="ValueChanges"/>).
/// </summary>
public enum AuditEntity { Value, Submission, Indicator, Unit, Target, ApiKey, Holiday, Agency, Task, Explanation, Category, ValueBatch }

/// The kinds of record in the register, named as vanortctl names them.
public enum Noun: String, Sendable, CaseIterable {
    case city, agreement, network, association, contact, visit, exchange, participant, plan, activity, rule, grant, cost, amendment
}

/// How many single-letter edits (insert, delete, replace, or swapping two neighbours, the
/// commonest typo) turn one word into another (optimal string alignment): what "did you
/// mean Kecskemét?" and "did you mean --city?" rest on.
public enum EditDistance {
    public static func between<C: Collection>(_ a: C, _ b: C) -> Int where C.Element: Equatable {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// The candidate nearest `typed`, if it is close (at most a third of its letters off).
    public static func suggestion(for typed: String, among candidates: some Sequence<String>) -> String? {
        let word = Array(typed.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let distance = between(word, Array(candidate.lowercased()))
            if distance <= max(1, word.count / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }
}

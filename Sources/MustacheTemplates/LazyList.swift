/// A list whose elements are made one at a time as a section reaches them, and dropped after: the
/// print catalogue's 信息表 for 10,000 matters would otherwise all sit in memory at once.
package struct LazyList {
    package let count: Int
    package let element: (Int) -> ContextObject

    package init(count: Int, element: @escaping (Int) -> ContextObject) {
        self.count = count
        self.element = element
    }
}

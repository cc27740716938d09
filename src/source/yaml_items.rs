//! Finding the items of a YAML List by its text, so that a big `kubectl get -o yaml` dump can be
//! parsed on several threads (the YAML parser, not the conversion, is most of the cost).
//!
//! Only the layout kubectl writes is recognised: one document whose top-level `items:` key is on
//! a line of its own and whose items start at column 0 with `- `, their lines indented by two
//! spaces (YAML forbids a line inside an item from starting further left, so a line at column 0
//! ends the item). Anything else (several documents, indented sequences, a comment after
//! `items:`) is not split and is parsed whole, as is any List whose items do not parse on their
//! own (an alias to an anchor in another item): the split is an optimisation, never a second
//! reading of the input.

use std::ops::Range;

/// A List document cut into its items.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ListText {
    /// The document without its items (`items: []` in their place).
    pub(crate) head: String,
    /// Byte ranges of the items in the text, each from its `- ` line to the end of its last line.
    pub(crate) items: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    BeforeItems,
    Items,
    AfterItems,
}

/// What one line of a kubectl-laid-out List is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListLine {
    /// A line of the document around the items (kept in the head as is).
    Head,
    /// The `items:` line (the head gets `items: []` in its place).
    ItemsKey,
    /// The first line of an item (`- ...`); the item before it, if any, ended.
    ItemStart,
    /// A line of the current item.
    ItemLine,
    /// A blank or comment line between `items:` and the first item (belongs to nothing).
    Skip,
    /// The first line after the items (a top-level key): the last item ended; kept in the head.
    AfterItems,
    /// Not kubectl's layout: the text must be parsed whole.
    Other,
}

/// The layout rules of the module doc, one line at a time (so a List can be cut while it is
/// read, `yaml_stream`, as well as from its whole text, [`split_list`]).
#[derive(Debug)]
pub(crate) struct ListLayout {
    part: Part,
    in_item: bool,
    content_seen: bool,
    items: usize,
}

impl ListLayout {
    pub(crate) fn new() -> Self {
        ListLayout {
            part: Part::BeforeItems,
            in_item: false,
            content_seen: false,
            items: 0,
        }
    }

    /// Classifies `line` (with its line break, if any).
    pub(crate) fn line(&mut self, line: &str) -> ListLine {
        let bare = line.trim_end_matches(['\n', '\r']);
        let blank_or_comment = bare.trim().is_empty() || bare.trim_start().starts_with('#');
        if is_document_marker(bare) {
            // A leading `---` is fine; any other marker means several documents.
            if self.content_seen || bare.starts_with("...") {
                return ListLine::Other;
            }
            return ListLine::Head;
        }
        self.content_seen |= !blank_or_comment;
        match self.part {
            Part::BeforeItems if bare.trim_end() == "items:" => {
                self.part = Part::Items;
                ListLine::ItemsKey
            }
            Part::BeforeItems | Part::AfterItems => ListLine::Head,
            Part::Items => {
                if bare == "-" || bare.starts_with("- ") {
                    self.in_item = true;
                    self.items += 1;
                    ListLine::ItemStart
                } else if bare.starts_with(' ') || blank_or_comment {
                    match (self.in_item, blank_or_comment) {
                        (true, _) => ListLine::ItemLine,
                        (false, true) => ListLine::Skip,
                        // An indented sequence (`  - a`): not kubectl's layout.
                        (false, false) => ListLine::Other,
                    }
                } else if bare.starts_with('-') || bare.starts_with("items:") {
                    ListLine::Other
                } else {
                    // The next top-level key ends the items.
                    self.in_item = false;
                    self.part = Part::AfterItems;
                    ListLine::AfterItems
                }
            }
        }
    }

    /// Whether what was seen is a List with items in kubectl's layout.
    pub(crate) fn is_list(&self) -> bool {
        self.part != Part::BeforeItems && self.items > 0
    }
}

/// Cuts `text` into its List items, or `None` when it is not laid out as kubectl writes Lists.
pub(crate) fn split_list(text: &str) -> Option<ListText> {
    let mut layout = ListLayout::new();
    let mut head = String::new();
    let mut items = Vec::new();
    let mut item_start: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        match layout.line(line) {
            ListLine::Head => head.push_str(line),
            ListLine::ItemsKey => head.push_str("items: []\n"),
            ListLine::ItemStart => {
                if let Some(s) = item_start.replace(start) {
                    items.push(s..start);
                }
            }
            ListLine::ItemLine | ListLine::Skip => {}
            ListLine::AfterItems => {
                if let Some(s) = item_start.take() {
                    items.push(s..start);
                }
                head.push_str(line);
            }
            ListLine::Other => return None,
        }
    }
    if let Some(s) = item_start {
        items.push(s..pos);
    }
    layout.is_list().then_some(ListText { head, items })
}

fn is_document_marker(line: &str) -> bool {
    is_marker(line, "---") || is_marker(line, "...")
}

/// `line` is the YAML marker `---` (directives end: a document starts) or `...` (document
/// end): the three characters alone, or followed by a space or tab.
pub(crate) fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// One item's text as a document of its own: the `- ` taken off its first line and two spaces
/// off the others (comments at column 0 become blank lines, so line numbers stay put). `None`
/// when a line is not indented as an item's must be.
pub(crate) fn item_document(item: &str) -> Option<String> {
    let mut out = String::with_capacity(item.len());
    let mut lines = item.split_inclusive('\n');
    let first = lines.next()?;
    out.push_str(
        first
            .strip_prefix("- ")
            .or_else(|| first.strip_prefix('-'))?,
    );
    for line in lines {
        if let Some(rest) = line.strip_prefix("  ") {
            out.push_str(rest);
        } else if line.trim().is_empty() || line.starts_with('#') {
            out.push('\n');
        } else {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "\
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
  spec:
    containers:
    - name: c
      command:
      - |
        echo one
        echo two
# a comment at column 0
- kind: Service

  metadata: {name: b}
-
  kind: Node
kind: List
metadata:
  resourceVersion: \"\"
";

    #[test]
    fn cuts_kubectl_lists_into_items_and_a_head() {
        let list = split_list(LIST).unwrap();
        assert_eq!(
            list.head,
            "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
        );
        let items: Vec<&str> = list.items.iter().map(|r| &LIST[r.clone()]).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].starts_with("- apiVersion: v1\n  kind: Pod\n"));
        assert!(items[0].ends_with("echo two\n# a comment at column 0\n"));
        assert_eq!(items[1], "- kind: Service\n\n  metadata: {name: b}\n");
        assert_eq!(items[2], "-\n  kind: Node\n");
        assert_eq!(
            item_document(items[0]).unwrap(),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    command:\n    - |\n      echo one\n      echo two\n\n"
        );
        assert_eq!(item_document(items[2]).unwrap(), "\nkind: Node\n");
    }

    #[test]
    fn other_layouts_are_not_cut() {
        for text in [
            "kind: Pod\nmetadata: {name: a}\n",
            "items: []\nkind: List\n",
            "items:\n  - kind: Pod\n",
            "kind: List\nitems:\n- kind: Pod\n---\nkind: Service\n",
            "items: # the pods\n- kind: Pod\n",
            "items:\n- kind: Pod\nitems:\n- kind: Pod\n",
            "items:\n-kind\n",
        ] {
            assert_eq!(split_list(text), None, "{text:?}");
        }
        assert!(split_list("---\n# dump\nitems:\n- kind: Pod\n").is_some());
        assert_eq!(item_document("- a: 1\n b: 2\n"), None);
    }
}

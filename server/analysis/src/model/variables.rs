//! [`Variables`]: every ARG/ENV declaration and every variable use of a document, with their
//! scopes, and the names they share.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Base, Model, substitution};
use crate::syntax::{Instruction, Keyword, Parsed, Word};
use crate::text::TextRange;

/// ARG or ENV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    /// A build argument.
    Arg,
    /// An environment variable (also seen by later instructions and child stages).
    Env,
}

/// Where a declaration is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Before the first FROM: usable in FROM lines, and in stages that redeclare it.
    Global,
    /// Inside a stage.
    Stage(usize),
}

/// A variable's name. Every declaration and use of one name in a document shares it: a
/// variable-heavy document has tens of thousands of them and far fewer names, and
/// [`Variables`] is rebuilt on every edit.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<str>);

impl Name {
    /// The name as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(Arc::from(s))
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One [`Name`] per distinct name.
#[derive(Default)]
struct Names(HashSet<Name, crate::names::BuildNameHasher>);

impl Names {
    fn get(&mut self, name: &str) -> Name {
        if let Some(n) = self.0.get(name) {
            return n.clone();
        }
        let n = Name::from(name);
        self.0.insert(n.clone());
        n
    }
}

/// An ARG or ENV declaration of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarDecl {
    /// The variable's name.
    pub name: Name,
    /// Where the name is.
    pub name_range: TextRange,
    /// The default or value, as written (quotes kept).
    pub value: Option<String>,
    /// Where the value is.
    pub value_range: Option<TextRange>,
    /// ARG or ENV.
    pub kind: VarKind,
    /// The index of the declaring instruction.
    pub instruction: usize,
    /// Global or the stage's index.
    pub scope: Scope,
}

/// A use of a variable: `$NAME` or `${NAME…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarUse {
    /// The variable's name.
    pub name: Name,
    /// The whole reference, e.g. `${NAME:-x}`.
    pub range: TextRange,
    /// The name inside it.
    pub name_range: TextRange,
    /// The index of the instruction holding it.
    pub instruction: usize,
    /// The stage (None in a global ARG or a FROM line, which see only global ARGs).
    pub stage: Option<usize>,
    /// Whether BuildKit substitutes it (false in RUN/CMD/ENTRYPOINT, where the shell does).
    pub expanded_by_buildkit: bool,
    /// Whether a default is given (`${X:-d}`, `${X-d}`) or the use is conditional (`${X:+d}`).
    pub has_default: bool,
}

/// Every ARG/ENV declaration and every variable use of a document, with their scopes.
/// Built on demand (go to definition and the variable rules need it; most diagnostics do not).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    /// Every ARG and ENV declaration, in order.
    pub decls: Vec<VarDecl>,
    /// Every variable use, in order.
    pub uses: Vec<VarUse>,
    /// The declarations of each name (indices into `decls`, in order, which is also the
    /// order of their scopes: global ARGs come before the first stage): a use finds its
    /// declaration with binary searches, without scanning every other one.
    index: HashMap<Name, Vec<usize>, crate::names::BuildNameHasher>,
}

impl Variables {
    /// Collects the declarations and uses of `parsed`, scoped with `model`'s stages.
    #[must_use]
    pub fn build(parsed: &Parsed, model: &Model, text: &ropey::Rope) -> Variables {
        let mut v = Variables::default();
        let mut names = Names::default();
        for (ii, i) in parsed.instructions.iter().enumerate() {
            let stage = model.stage_of.get(ii).copied().flatten();
            v.collect_decls(&mut names, ii, i, stage);
            v.collect_uses(&mut names, ii, i, stage, parsed.escape);
            v.collect_heredoc_uses(&mut names, ii, i, stage, text);
        }
        for (k, d) in v.decls.iter().enumerate() {
            match v.index.get_mut(&d.name) {
                Some(ids) => ids.push(k),
                None => {
                    v.index.insert(d.name.clone(), vec![k]);
                }
            }
        }
        v
    }

    /// Uses inside here-document bodies: a RUN script's variables (the shell expands them,
    /// so ENV and ARG values reach them), and a COPY/ADD body's when its marker is unquoted.
    /// They count as references (rename, highlight) but not as uses BuildKit checks.
    fn collect_heredoc_uses(
        &mut self,
        names: &mut Names,
        ii: usize,
        i: &Instruction,
        stage: Option<usize>,
        text: &ropey::Rope,
    ) {
        for h in &i.heredocs {
            if h.body_range.is_empty() || !(i.kind == Keyword::Run || h.expand) {
                continue;
            }
            let body = crate::text::slice(text, h.body_range);
            let start = h.body_range.start;
            for u in substitution::find_uses(&body, '\\') {
                self.uses.push(VarUse {
                    name: names.get(body.get(u.name_start..u.name_end).unwrap_or("")),
                    range: TextRange::new(start + u.start, start + u.end),
                    name_range: TextRange::new(start + u.name_start, start + u.name_end),
                    instruction: ii,
                    stage,
                    expanded_by_buildkit: false,
                    has_default: u.modifier.is_some(),
                });
            }
        }
    }

    fn collect_decls(
        &mut self,
        names: &mut Names,
        ii: usize,
        i: &Instruction,
        stage: Option<usize>,
    ) {
        let scope = stage.map_or(Scope::Global, Scope::Stage);
        match i.kind {
            Keyword::Arg => {
                for w in &i.args {
                    let (name, name_range, value, value_range) = split_assignment(i, w);
                    self.decls.push(VarDecl {
                        name: names.get(name),
                        name_range,
                        value,
                        value_range,
                        kind: VarKind::Arg,
                        instruction: ii,
                        scope,
                    });
                }
            }
            Keyword::Env if stage.is_some() => {
                for pair in i.args.chunks(2) {
                    let (Some(k), v) = (pair.first(), pair.get(1)) else {
                        continue;
                    };
                    self.decls.push(VarDecl {
                        name: names.get(&k.text),
                        name_range: k.range,
                        value: v.map(|v| v.text.clone()),
                        value_range: v.map(|v| v.range),
                        kind: VarKind::Env,
                        instruction: ii,
                        scope,
                    });
                }
            }
            _ => {}
        }
    }

    fn collect_uses(
        &mut self,
        names: &mut Names,
        ii: usize,
        i: &Instruction,
        stage: Option<usize>,
        escape: char,
    ) {
        let expanded = !matches!(
            i.kind,
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Healthcheck
                | Keyword::Shell
                | Keyword::Onbuild
                | Keyword::Unknown
        );
        // A FROM line sees only global ARGs.
        let use_stage = if i.kind == Keyword::From { None } else { stage };
        let mut push = |m: &mut Variables,
                        text: &str,
                        map: &dyn Fn(usize, usize) -> Option<TextRange>,
                        expanded: bool| {
            for u in substitution::find_uses(text, escape) {
                let (Some(range), Some(name_range)) =
                    (map(u.start, u.end), map(u.name_start, u.name_end))
                else {
                    continue;
                };
                m.uses.push(VarUse {
                    name: names.get(text.get(u.name_start..u.name_end).unwrap_or("")),
                    range,
                    name_range,
                    instruction: ii,
                    stage: use_stage,
                    expanded_by_buildkit: expanded,
                    has_default: u.modifier.is_some_and(|(op, _, _)| {
                        matches!(op, ":-" | "-" | ":+" | "+" | ":?" | "?")
                    }),
                });
            }
        };
        for f in &i.flags {
            if let Some(v) = &f.value {
                push(self, v, &|s, e| i.flag_value_subrange(f, s, e), true);
            }
        }
        if i.json
            && matches!(
                i.kind,
                Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell
            )
        {
            return;
        }
        for (wi, w) in i.args.iter().enumerate() {
            // ARG and ENV names are not uses; their values (and AS names) may hold some.
            let skip = match i.kind {
                Keyword::Env | Keyword::Label => wi % 2 == 0 && i.kind == Keyword::Env,
                Keyword::From => wi > 0,
                _ => false,
            };
            if skip || i.json {
                continue;
            }
            let text = if i.kind == Keyword::Arg {
                w.text.split_once('=').map_or("", |(_, v)| v)
            } else {
                &w.text
            };
            let off = w.text.len() - text.len();
            push(
                self,
                text,
                &|s, e| Some(i.word_subrange(w, off + s, off + e)),
                expanded,
            );
        }
    }

    /// The declaration a use refers to: the last declaration of the name visible at the use,
    /// following BuildKit's scoping (stage ARG/ENV before the use, ENV inherited from a base
    /// stage, global ARGs in FROM lines and through a bare `ARG NAME` in the stage).
    #[must_use]
    pub fn declaration_of(&self, model: &Model, u: &VarUse) -> Option<&VarDecl> {
        self.visible_decl(model, &u.name, u.stage, u.instruction, true)
    }

    fn visible_decl(
        &self,
        model: &Model,
        name: &str,
        stage: Option<usize>,
        before: usize,
        own_stage: bool,
    ) -> Option<&VarDecl> {
        // The last declaration of `name` in `scope` before instruction `before` that `keep`
        // accepts: a binary search in that name's declarations, then a walk back.
        let last_before = |scope: Scope, keep: &dyn Fn(&VarDecl) -> bool| {
            let all = self.index.get(name)?;
            let scope_of = |k: &usize| self.decls.get(*k).map(|d| d.scope);
            let from = all.partition_point(|k| scope_of(k) < Some(scope));
            let to = all.partition_point(|k| scope_of(k) <= Some(scope));
            let ids = all.get(from..to.max(from))?;
            let end =
                ids.partition_point(|k| self.decls.get(*k).is_some_and(|d| d.instruction < before));
            ids.get(..end)?
                .iter()
                .rev()
                .filter_map(|k| self.decls.get(*k))
                .find(|d| keep(d))
        };
        let Some(si) = stage else {
            return last_before(Scope::Global, &|_| true);
        };
        let found = last_before(Scope::Stage(si), &|d: &VarDecl| {
            own_stage || d.kind == VarKind::Env
        });
        if found.is_some() {
            return found;
        }
        // ENV (not ARG) is inherited from a base stage.
        match model.stages.get(si).map(|s| &s.base) {
            Some(Base::Stage(parent)) => {
                let end = model.stages.get(*parent).map_or(0, |p| p.end);
                self.visible_decl(model, name, Some(*parent), end, false)
            }
            _ => None,
        }
    }
}

/// `NAME=value` of an ARG word, with ranges.
fn split_assignment<'w>(
    i: &Instruction,
    w: &'w Word,
) -> (&'w str, TextRange, Option<String>, Option<TextRange>) {
    match w.text.split_once('=') {
        Some((n, v)) => (
            n,
            i.word_subrange(w, 0, n.len()),
            Some(v.to_owned()),
            Some(i.word_subrange(w, n.len() + 1, w.text.len())),
        ),
        None => (&w.text, w.range, None, None),
    }
}

//! Variable resolution for the editor features: which declaration a use or a redeclaration
//! binds to, the value in effect, and which declarations and uses are one variable (for
//! references and rename). Resolution follows BuildKit's scoping exactly as
//! [`crate::Variables::declaration_of`] does, but over the declarations of one name only, so a
//! request costs time in proportion to that name's occurrences, not to the file.

use std::collections::HashMap;

use crate::Analysis;
use crate::model::{Base, Scope, VarDecl, VarKind, VarUse, unquote};

/// The declarations of one name, in document order (indices into `Variables::decls`), also
/// grouped by scope so that "the declaration visible here" is a binary search.
pub(crate) struct Named<'a> {
    analysis: &'a Analysis,
    decls: Vec<usize>,
    by_scope: HashMap<Scope, Vec<usize>>,
}

impl<'a> Named<'a> {
    pub(crate) fn new(analysis: &'a Analysis, name: &str) -> Named<'a> {
        let decls = analysis
            .variables()
            .decls
            .iter()
            .enumerate()
            .filter(|(_, d)| d.name == name)
            .map(|(i, _)| i)
            .collect();
        Named::from_ids(analysis, decls)
    }

    /// Every declared name with its declarations, in one pass over the declarations.
    pub(crate) fn all_names(analysis: &'a Analysis) -> Vec<(&'a str, Named<'a>)> {
        let mut ids: HashMap<&'a str, Vec<usize>> = HashMap::new();
        for (i, d) in analysis.variables().decls.iter().enumerate() {
            ids.entry(d.name.as_str()).or_default().push(i);
        }
        let mut out: Vec<(&str, Named<'a>)> = ids
            .into_iter()
            .map(|(n, ids)| (n, Named::from_ids(analysis, ids)))
            .collect();
        out.sort_unstable_by_key(|(n, _)| *n);
        out
    }

    fn from_ids(analysis: &'a Analysis, decls: Vec<usize>) -> Named<'a> {
        let mut by_scope: HashMap<Scope, Vec<usize>> = HashMap::new();
        for &i in &decls {
            if let Some(d) = analysis.variables().decls.get(i) {
                by_scope.entry(d.scope).or_default().push(i);
            }
        }
        Named {
            analysis,
            decls,
            by_scope,
        }
    }

    fn decl(&self, i: usize) -> Option<&'a VarDecl> {
        self.analysis.variables().decls.get(i)
    }

    /// The last declaration in `scope` before instruction `before` that `accept`s.
    fn last_in(&self, scope: Scope, before: usize, env_only: bool) -> Option<usize> {
        let list = self.by_scope.get(&scope)?;
        let k = list.partition_point(|&i| self.decl(i).is_some_and(|d| d.instruction < before));
        list.get(..k)?
            .iter()
            .rev()
            .copied()
            .find(|&i| !env_only || self.decl(i).is_some_and(|d| d.kind == VarKind::Env))
    }

    /// The declaration visible in `stage` (None: the global scope) before instruction
    /// `before`; `own_stage` is false when looking through a child stage (only ENV is
    /// inherited).
    pub(crate) fn visible(
        &self,
        stage: Option<usize>,
        before: usize,
        own_stage: bool,
    ) -> Option<usize> {
        let model = self.analysis.model();
        let Some(mut si) = stage else {
            return self.last_in(Scope::Global, before, false);
        };
        let (mut before, mut env_only) = (before, !own_stage);
        loop {
            if let Some(found) = self.last_in(Scope::Stage(si), before, env_only) {
                return Some(found);
            }
            // ENV (not ARG) is inherited from a base stage.
            match model.stages.get(si).map(|s| &s.base) {
                Some(Base::Stage(parent)) if *parent < si => {
                    before = model.stages.get(*parent).map_or(0, |p| p.end);
                    si = *parent;
                    env_only = true;
                }
                _ => return None,
            }
        }
    }

    /// The declaration `u` binds to.
    pub(crate) fn of_use(&self, u: &VarUse) -> Option<usize> {
        self.visible(u.stage, u.instruction, true)
    }

    /// What a declaration continues: the earlier declaration of the name it redeclares (in
    /// its stage or inherited), or, for a stage `ARG NAME` without a value, the global ARG it
    /// brings into the stage.
    pub(crate) fn previous(&self, d: &VarDecl) -> Option<usize> {
        match d.scope {
            Scope::Global => self.visible(None, d.instruction, true),
            Scope::Stage(s) => self.visible(Some(s), d.instruction, true).or_else(|| {
                (d.kind == VarKind::Arg && d.value.is_none()).then(|| self.global())?
            }),
        }
    }

    /// The last global ARG of the name.
    pub(crate) fn global(&self) -> Option<usize> {
        self.visible(None, usize::MAX, true)
    }

    /// Every declaration of the name.
    pub(crate) fn all(&self) -> &[usize] {
        &self.decls
    }
}

/// The value a declaration gives, as the build sees it by default: its own value, or for
/// `ARG NAME` in a stage the global ARG's default. The second item says where it comes from.
pub(crate) fn value_in_effect(analysis: &Analysis, decl: usize) -> Option<(String, usize)> {
    let vars = analysis.variables();
    let d = vars.decls.get(decl)?;
    if let Some(v) = &d.value {
        return Some((unquote(v), decl));
    }
    if d.kind == VarKind::Arg
        && let Scope::Stage(_) = d.scope
    {
        let named = Named::new(analysis, &d.name);
        let g = named.global()?;
        let gd = vars.decls.get(g)?;
        return gd.value.as_ref().map(|v| (unquote(v), g));
    }
    None
}

/// One variable: every declaration and use bound together (by use → declaration and
/// redeclaration → earlier declaration), starting from a declaration or a use.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    /// Indices into `Variables::decls`.
    pub(crate) decls: Vec<usize>,
    /// Indices into `Variables::uses`.
    pub(crate) uses: Vec<usize>,
}

/// Where to start a [`binding`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Start {
    Decl(usize),
    Use(usize),
}

/// The variable `start` belongs to. Uses bound to no declaration form one variable per name
/// (an undeclared or predefined name); they have no declarations.
pub(crate) fn binding(analysis: &Analysis, start: Start) -> Option<Binding> {
    let vars = analysis.variables();
    let name = match start {
        Start::Decl(i) => &vars.decls.get(i)?.name,
        Start::Use(i) => &vars.uses.get(i)?.name,
    };
    let named = Named::new(analysis, name);
    // Union-find over the name's declarations (by position in `named.all()`), plus one
    // node for "no declaration".
    let ids = named.all();
    let none = ids.len();
    let mut parent: Vec<usize> = (0..=none).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while let Some(&px) = p.get(x) {
            if px == x {
                break;
            }
            let gp = p.get(px).copied().unwrap_or(px);
            if let Some(slot) = p.get_mut(x) {
                *slot = gp;
            }
            x = px;
        }
        x
    }
    let pos = |decl: usize| ids.binary_search(&decl).ok();
    for (k, &di) in ids.iter().enumerate() {
        if let Some(prev) = vars
            .decls
            .get(di)
            .and_then(|d| named.previous(d))
            .and_then(pos)
        {
            let (a, b) = (root(&mut parent, k), root(&mut parent, prev));
            if let Some(slot) = parent.get_mut(a) {
                *slot = b;
            }
        }
    }
    let uses: Vec<(usize, usize)> = vars
        .uses
        .iter()
        .enumerate()
        .filter(|(_, u)| u.name == *name)
        .map(|(i, u)| (i, named.of_use(u).and_then(pos).unwrap_or(none)))
        .collect();
    let target = match start {
        Start::Decl(i) => root(&mut parent, pos(i)?),
        Start::Use(i) => {
            let node = uses.iter().find(|(u, _)| *u == i).map_or(none, |(_, n)| *n);
            root(&mut parent, node)
        }
    };
    let mut out = Binding::default();
    for (k, &di) in ids.iter().enumerate() {
        if root(&mut parent, k) == target {
            out.decls.push(di);
        }
    }
    for (ui, node) in uses {
        if root(&mut parent, node) == target {
            out.uses.push(ui);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;

    const TEXT: &str = "ARG V=1\nARG U\nFROM a:$V AS base\nENV E=x\nARG V\nRUN echo $V $E $U\nFROM base\nRUN echo $E $V\nENV E=y\nRUN echo $E\nFROM b\nARG V=2\nRUN echo $V $E\n";

    #[test]
    fn resolution_matches_the_model() {
        let a = Analysis::from_text(TEXT, &BuildConfig::default());
        let vars = a.variables();
        for u in &vars.uses {
            let expected = vars.declaration_of(a.model(), u).map(|d| d.name_range);
            let named = Named::new(&a, &u.name);
            let got = named
                .of_use(u)
                .and_then(|i| vars.decls.get(i))
                .map(|d| d.name_range);
            assert_eq!(got, expected, "{u:?}");
        }
    }

    proptest::proptest! {
        /// On any mix of global/stage ARGs, ENVs, stage chains and uses, the per-name index
        /// binds every use exactly as the model's own resolution does.
        #[test]
        fn index_resolution_equals_the_model(lines in proptest::collection::vec(0usize..10, 1..40)) {
            let vocab = [
                "ARG A", "ARG A=1", "ENV A=2", "ARG B", "ENV B=3", "RUN echo $A ${B}",
                "COPY $A /x", "FROM img:$A AS s", "FROM s", "FROM img AS t",
            ];
            let mut text = String::new();
            for (n, k) in lines.iter().enumerate() {
                let line = vocab.get(*k).copied().unwrap_or("ARG A");
                text.push_str(&line.replace("AS s", &format!("AS s{n}")).replace("FROM s", &format!("FROM s{}", n / 2)));
                text.push('\n');
            }
            let a = Analysis::from_text(&text, &BuildConfig::default());
            let vars = a.variables();
            for u in &vars.uses {
                let expected = vars.declaration_of(a.model(), u).map(|d| d.name_range);
                let got = Named::new(&a, &u.name).of_use(u).and_then(|i| vars.decls.get(i)).map(|d| d.name_range);
                proptest::prop_assert_eq!(got, expected, "{:?} in\n{}", u, text);
            }
        }
    }

    #[test]
    fn bindings_join_redeclarations_and_inheritance() {
        let a = Analysis::from_text(TEXT, &BuildConfig::default());
        let vars = a.variables();
        let lines = |b: &Binding| {
            let mut l: Vec<usize> = b
                .decls
                .iter()
                .filter_map(|&i| vars.decls.get(i))
                .map(|d| a.text().byte_to_line(d.name_range.start) + 1)
                .chain(
                    b.uses
                        .iter()
                        .filter_map(|&i| vars.uses.get(i))
                        .map(|u| a.text().byte_to_line(u.range.start) + 1),
                )
                .collect();
            l.sort_unstable();
            l
        };
        // The global V, its use in FROM, its redeclaration in stage 0 and the use after it;
        // not stage 2's own `ARG V=2`, and not `$V` in stage 1, which has no ARG V.
        let v = binding(&a, Start::Decl(0)).unwrap();
        assert_eq!(lines(&v), vec![1, 3, 5, 6]);
        // ENV E: declared in base, inherited by stage 1, redeclared there.
        let e = binding(&a, Start::Decl(2)).unwrap();
        assert_eq!(lines(&e), vec![4, 6, 8, 9, 10]);
        assert_eq!(
            value_in_effect(&a, 3).map(|(v, _)| v).as_deref(),
            Some("1"),
            "stage ARG V takes the global default"
        );
    }
}

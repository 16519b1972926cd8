//! The model and a scenario's values as an XMILE 1.0 file (OASIS), in the subset other tools
//! read: one model, no macros, two-argument MIN and MAX, parenthesised IF THEN ELSE, no DT.
//!
//! Names match the CSV of `flywheel run --format csv`: each layer's stock is `<layer>_stock`,
//! and every numeric CSV column but `week` is a variable of the same name. Every parameter is
//! a constant auxiliary named `<layer>_<name>`. The smooth minimum of `crate::model` is
//! written out per use as three auxiliaries (`X_window`, `X_depth`, `X`), since XMILE has no
//! functions without macros. Stocks the model clamps at 0 after each step carry
//! `<non_negative/>`; the upper clamps (users at most the market, perceptions at most 1)
//! cannot be said in XMILE, and demand noise cannot either, so a noisy scenario is refused.

use std::fmt::Write as _;

use thiserror::Error;

use crate::error::{number, quoted, Error};
use crate::model::integrate::Integrator;
use crate::model::layer::Layer;
use crate::model::params::{Param, ParamSpec};
use crate::model::run::UTILIZATION_CAP;
use crate::model::{
    APP_COST, APP_LIFETIME_WEEKS, BASE_CHURN_PER_WEEK, GPU_COST, INITIAL_USER_SHARE, MODEL_COST,
    PERCEPTION_WEEKS, UNMET_CHURN_PER_WEEK, VERIFIER_COST, VERIFIER_LIFETIME_WEEKS, WEEKS_PER_YEAR,
};
use crate::Scenario;

/// The XMILE 1.0 namespace.
pub const XMILE_NAMESPACE: &str = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0";
/// The namespace of Flywheel's one element of its own, the scenario's preset in the header.
pub const FLYWHEEL_NAMESPACE: &str = "urn:flywheel:xmile:1";
/// The header's vendor, which `flywheel run --xmile` looks for.
pub const VENDOR: &str = "Flywheel";
/// The header's product.
pub const PRODUCT: &str = "flywheel";

/// Why a scenario cannot be written as XMILE, or a file cannot be read back.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum XmileError {
    #[error("XMILE cannot hold demand noise (--noise {}): drop it to export the deterministic model", number(*.sigma))]
    Noise { sigma: f64 },

    #[error("{0}")]
    Scenario(#[from] Error),

    #[error(
        "the file is {bytes} bytes, more than an XMILE file Flywheel writes can be (at most {max})"
    )]
    TooLarge { bytes: usize, max: usize },

    #[error("the file is not UTF-8 text (bad bytes at byte {at})")]
    NotUtf8 { at: usize },

    #[error("the file is not well-formed XML (line {line}): {why}")]
    NotXml { line: usize, why: String },

    #[error("the file is not XMILE 1.0: {why}")]
    NotXmile { why: String },

    #[error("the file was not written by Flywheel: {why}")]
    NotFlywheel { why: String },

    #[error("the file's sim_specs cannot be read: {why}")]
    SimSpecs { why: String },

    #[error("the parameter `{}` is missing from the file", quoted(.name))]
    MissingParameter { name: String },

    #[error("the variable `{}` is missing from the file", quoted(.name))]
    MissingVariable { name: String },

    #[error("the variable `{}` appears more than once", quoted(.name))]
    Duplicate { name: String },

    #[error("unknown parameter or variable `{}`: Flywheel writes no such name", quoted(.name))]
    Unknown { name: String },

    #[error("the {what} of `{}` is `{}`, not what Flywheel writes: `run --xmile` reads only the parameters' values and the sim_specs", quoted(.name), quoted(.found))]
    Changed {
        name: String,
        what: &'static str,
        found: String,
    },
}

/// What kind of XMILE variable, with a stock's flows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Stock {
        inflows: Vec<&'static str>,
        outflows: Vec<&'static str>,
        non_negative: bool,
    },
    Flow,
    Aux,
}

/// One variable of the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variable {
    pub kind: Kind,
    pub name: String,
    /// The equation; a stock's initial value.
    pub eqn: String,
    pub units: &'static str,
    pub doc: String,
}

/// A parameter's name in the file: its id with `_` for `.`, e.g. `compute_initial_gpus`.
pub fn param_name(spec: &ParamSpec) -> String {
    spec.id.replace('.', "_")
}

/// XMILE units of each parameter (the table's units are words for people).
fn param_units(param: Param) -> &'static str {
    use Param::*;
    match param {
        ComputeInitialGpus => "GPUs",
        ComputeRequestsPerGpu => "requests/week/GPU",
        ModelsInitial => "models",
        ModelsRequestsPerModel => "requests/week/model",
        ApplicationsInitial => "apps",
        ApplicationsRequestsPerApp => "requests/week/app",
        ApplicationsBuildRate => "apps/model/year",
        UsersMarket => "users",
        UsersOutsideInfluence | UsersWordOfMouth => "1/year",
        UsersRequestsPerUser => "requests/week/user",
        PaymentsPrice => "dollars/kilorequest",
        PaymentsPlanRequests => "requests/week/user",
        ComputeLifetimeWeeks | ModelsLifetimeWeeks | PaymentsBillingWeeks | TrustBuildWeeks => {
            "weeks"
        }
        IncentivesInitialPool => "dollars",
        IncentivesPayoutRate => "1/week",
        VerificationInitialNodes => "nodes",
        VerificationRequestsPerNode => "requests/week/node",
        // Shares, weights and multiples of a request.
        TrustReliabilityCare
        | TrustInitial
        | PaymentsPayingShare
        | IncentivesProtocolShare
        | ComputePayoutShare
        | ModelsPayoutShare
        | ApplicationsPayoutShare
        | VerificationPayoutShare
        | VerificationOverhead
        | VerificationValue => "dmnl",
    }
}

/// Collects the variables in the order they are written.
struct Builder(Vec<Variable>);

impl Builder {
    fn push(&mut self, kind: Kind, name: &str, eqn: String, units: &'static str, doc: &str) {
        self.0.push(Variable {
            kind,
            name: name.into(),
            eqn,
            units,
            doc: doc.into(),
        });
    }

    fn aux(&mut self, name: &str, eqn: impl Into<String>, units: &'static str, doc: &str) {
        self.push(Kind::Aux, name, eqn.into(), units, doc);
    }

    fn flow(&mut self, name: &str, eqn: impl Into<String>, units: &'static str, doc: &str) {
        self.push(Kind::Flow, name, eqn.into(), units, doc);
    }

    #[allow(clippy::too_many_arguments)]
    fn stock(
        &mut self,
        name: &str,
        initial: impl Into<String>,
        inflows: &[&'static str],
        outflows: &[&'static str],
        non_negative: bool,
        units: &'static str,
        doc: &str,
    ) {
        let kind = Kind::Stock {
            inflows: inflows.to_vec(),
            outflows: outflows.to_vec(),
            non_negative,
        };
        self.push(kind, name, initial.into(), units, doc);
    }

    /// `name = smooth_min(demand, capacity)` (MODEL.md §3): with `w c` the window and `t` the
    /// depth inside it, `MIN(d, c) - t^4 / (8 w^3 c^3)`, written as `wc (t / wc)^4 / 8` so that
    /// no capacity, however small, divides by zero.
    fn smooth_min(
        &mut self,
        name: &str,
        demand: &str,
        capacity: &str,
        units: &'static str,
        doc: &str,
    ) {
        let window = format!("{name}_window");
        let depth = format!("{name}_depth");
        self.aux(
            &window,
            format!("congestion_window * {capacity}"),
            units,
            "Half-width of the smooth minimum's congestion window.",
        );
        self.aux(
            &depth,
            format!("MAX({window} - ABS({demand} - {capacity}), 0)"),
            units,
            "How deep the demand is inside the congestion window.",
        );
        self.aux(
            name,
            format!(
                "MIN({demand}, {capacity}) - (IF ({depth} > 0) THEN ({window} * ({depth} / {window})^4 / 8) ELSE (0))"
            ),
            units,
            doc,
        );
    }
}

/// `part / whole` capped at 1, or `otherwise` when `whole` is not positive.
fn share(part: &str, whole: &str, otherwise: &str) -> String {
    format!("IF ({whole} > 0) THEN (MIN({part} / {whole}, 1)) ELSE ({otherwise})")
}

/// The variables of the model with the scenario's parameter values, in the order written.
pub(crate) fn variables(scenario: &Scenario) -> Vec<Variable> {
    let mut b = Builder(Vec::new());
    for (spec, value) in scenario.params.iter() {
        b.aux(
            &param_name(spec),
            number_text(value),
            param_units(spec.param),
            spec.meaning,
        );
    }
    let constants: [(&str, String, &'static str, &str); 13] = [
        ("gpu_cost", number_text(GPU_COST), "dollars/GPU", "Payouts that add one GPU-equivalent."),
        ("model_cost", number_text(MODEL_COST), "dollars/model", "Payouts that bring one more model to hosting."),
        ("app_cost", number_text(APP_COST), "dollars/app", "Grants that fund one more application."),
        ("verifier_cost", number_text(VERIFIER_COST), "dollars/node", "Payouts that add one verifier node."),
        ("app_lifetime_weeks", number_text(APP_LIFETIME_WEEKS), "weeks", "Mean life of an application."),
        ("verifier_lifetime_weeks", number_text(VERIFIER_LIFETIME_WEEKS), "weeks", "Mean life of a verifier node."),
        ("initial_user_share", number_text(INITIAL_USER_SHARE), "dmnl", "Users in week 0 as a share of the market."),
        ("base_churn_per_week", number_text(BASE_CHURN_PER_WEEK), "1/week", "Churn when fully served."),
        ("unmet_churn_per_week", number_text(UNMET_CHURN_PER_WEEK), "1/week", "Extra churn when no demand is served."),
        ("weeks_per_year", number_text(WEEKS_PER_YEAR), "weeks/year", "Converts per-year rates to per-week."),
        ("perception_weeks", number_text(PERCEPTION_WEEKS), "weeks", "Time constant of users' perception of service and reliability."),
        ("congestion_window", "8 / 17".into(), "dmnl", "Half-width of the smooth minimum's window, as a share of capacity: a 1/17 loss at balance."),
        ("utilization_cap", number_text(UTILIZATION_CAP), "dmnl", "Utilization is capped here so a layer with no capacity reads as a large finite number."),
    ];
    for (name, eqn, units, doc) in constants {
        b.aux(name, eqn, units, doc);
    }

    stocks(&mut b);
    chain(&mut b);
    money(&mut b);
    rates(&mut b);
    records(&mut b);
    b.0
}

/// The stocks: the eight layers', the running totals and the two perceptions.
fn stocks(b: &mut Builder) {
    b.stock(
        "compute_stock",
        "compute_initial_gpus",
        &["gpus_funded"],
        &["gpus_retired"],
        true,
        "GPUs",
        "GPU-equivalents serving inference.",
    );
    b.stock(
        "models_stock",
        "models_initial",
        &["models_funded"],
        &["models_retired"],
        true,
        "models",
        "Hosted models.",
    );
    b.stock(
        "applications_stock",
        "applications_initial",
        &["apps_funded", "apps_built"],
        &["apps_abandoned"],
        true,
        "apps",
        "Applications built on the network.",
    );
    b.stock("users_stock", "initial_user_share * users_market", &["users_joining"], &["users_leaving"], true, "users", "Active users. Flywheel also caps them at the market after each step, which XMILE cannot say; the flows never push them past it.");
    b.stock("payments_stock", "earned", &["payments_change"], &[], true, "dollars/week", "Payments collected: what paid usage earns, after the billing delay. Starts at week 0's earnings.");
    b.stock(
        "incentives_stock",
        "incentives_initial_pool",
        &["payments"],
        &["protocol", "payouts"],
        false,
        "dollars",
        "The incentive pool. Never clamped, so money is conserved.",
    );
    b.stock(
        "verification_stock",
        "verification_initial_nodes",
        &["verifiers_funded"],
        &["verifiers_retired"],
        true,
        "nodes",
        "Verifier nodes.",
    );
    b.stock(
        "trust_stock",
        "trust_initial * verification_initial_nodes * verification_requests_per_node",
        &["trust_change"],
        &[],
        true,
        "requests/week",
        "Volume users trust the network with.",
    );
    b.stock(
        "cumulative_paid_requests",
        "0",
        &["paid_requests"],
        &[],
        false,
        "requests",
        "Paid requests so far: the run's goal metric.",
    );
    b.stock(
        "cumulative_payments",
        "0",
        &["payments_counted"],
        &[],
        false,
        "dollars",
        "Payments collected so far.",
    );
    b.stock(
        "cumulative_payouts",
        "0",
        &["payouts"],
        &[],
        false,
        "dollars",
        "Payouts from the pool so far.",
    );
    b.stock(
        "cumulative_protocol",
        "0",
        &["protocol"],
        &[],
        false,
        "dollars",
        "The protocol's share of payments so far.",
    );
    b.stock(
        "cumulative_user_weeks",
        "0",
        &["user_weeks"],
        &[],
        false,
        "users*weeks",
        "Active users summed over time.",
    );
    b.stock("perceived_service", "served_fraction", &["perceived_service_change"], &[], true, "dmnl", "The served fraction as users see it. Flywheel also caps it at 1, which the flow never passes.");
    b.stock(
        "perceived_reliability",
        "reliability",
        &["perceived_reliability_change"],
        &[],
        true,
        "dmnl",
        "Reliability as users see it. Flywheel also caps it at 1, which the flow never passes.",
    );
}

/// The demand chain through the layers (MODEL.md §3), each layer's demand, capacity and what
/// it passes named as in the CSV.
fn chain(b: &mut Builder) {
    const RW: &str = "requests/week";
    b.aux(
        "users_counted",
        "MIN(MAX(users_stock, 0), users_market)",
        "users",
        "Users as the rates read them: at least 0, at most the market.",
    );
    b.aux(
        "users_capacity",
        "users_counted * users_requests_per_user",
        RW,
        "What users want (wanted).",
    );
    b.aux(
        "verification_demand",
        "users_counted * (users_requests_per_user * trust_reliability_care)",
        RW,
        "Sensitive demand: it goes only to a verified, trusted network.",
    );
    b.aux(
        "verification_capacity",
        "MAX(verification_stock, 0) * verification_requests_per_node",
        RW,
        "What the verifiers can check.",
    );
    b.smooth_min(
        "verification_served",
        "verification_demand",
        "verification_capacity",
        RW,
        "Sensitive demand verification can cover (verifiable).",
    );
    b.aux(
        "trust_demand",
        "verification_served",
        RW,
        "Verifiable demand, which must then be trusted.",
    );
    b.aux(
        "trust_capacity",
        "MAX(trust_stock, 0)",
        RW,
        "The trusted volume.",
    );
    b.smooth_min(
        "trust_served",
        "trust_demand",
        "trust_capacity",
        RW,
        "Sensitive demand users entrust to the network (entrusted).",
    );
    b.aux(
        "applications_demand",
        "MAX(users_capacity - verification_demand, 0) + trust_served",
        RW,
        "Demand sent to the network (sent).",
    );
    b.aux(
        "applications_capacity",
        "MAX(applications_stock, 0) * applications_requests_per_app",
        RW,
        "What the applications can handle.",
    );
    b.smooth_min(
        "applications_served",
        "applications_demand",
        "applications_capacity",
        RW,
        "What the applications pass.",
    );
    b.aux(
        "models_demand",
        "applications_served",
        RW,
        "What reaches the models.",
    );
    b.aux(
        "models_capacity",
        "MAX(models_stock, 0) * models_requests_per_model",
        RW,
        "What the hosted models can take.",
    );
    b.smooth_min(
        "models_served",
        "models_demand",
        "models_capacity",
        RW,
        "What the models pass.",
    );
    b.aux(
        "verified_share",
        "IF (applications_demand > 0) THEN (trust_served / applications_demand) ELSE (0)",
        "dmnl",
        "Share of sent traffic that is verified.",
    );
    b.aux(
        "compute_demand",
        "models_served",
        RW,
        "What reaches compute.",
    );
    b.aux("compute_capacity", "MAX(compute_stock, 0) * compute_requests_per_gpu / (1 + verification_overhead * verified_share)", RW, "Compute's capacity in requests, net of verification overhead.");
    b.smooth_min(
        "compute_served",
        "compute_demand",
        "compute_capacity",
        RW,
        "What compute serves.",
    );
    b.aux(
        "served_requests",
        "compute_served",
        RW,
        "Requests served end to end.",
    );
    b.aux(
        "payments_demand",
        "served_requests",
        RW,
        "Served requests, which paid plans may cover.",
    );
    b.aux(
        "payments_capacity",
        "users_counted * (payments_paying_share * payments_plan_requests)",
        RW,
        "Requests all paid plans cover.",
    );
    b.smooth_min(
        "payments_served",
        "payments_demand",
        "payments_capacity",
        RW,
        "Requests covered by a paid plan.",
    );
    b.aux(
        "served_fraction",
        share("served_requests", "users_capacity", "1"),
        "dmnl",
        "Share of wanted demand that is served.",
    );
    b.aux(
        "reliability",
        share("served_requests", "applications_demand", "1"),
        "dmnl",
        "Share of sent demand that is served.",
    );
    b.aux(
        "compute_carry",
        share("served_requests", "models_served", "1"),
        "dmnl",
        "Share of the compute load that compute carries.",
    );
}

/// Earnings, payments and payouts (MODEL.md §3 and §4).
fn money(b: &mut Builder) {
    b.aux(
        "verification_premium",
        "MIN(verification_overhead, verification_value)",
        "dmnl",
        "Extra share of the price a verified paid request earns.",
    );
    b.aux(
        "earned",
        "payments_served * (payments_price / 1000 * (1 + verification_premium * verified_share))",
        "dollars/week",
        "What paid requests earn before the billing delay.",
    );
    b.aux("payout_weights", "compute_payout_share + models_payout_share + applications_payout_share + verification_payout_share", "dmnl", "Sum of the payout weights.");
    for layer in ["compute", "models", "applications", "verification"] {
        let name = format!("payout_split_{layer}");
        b.aux(
            &name,
            format!(
                "IF (payout_weights > 0) THEN ({layer}_payout_share / payout_weights) ELSE (0)"
            ),
            "dmnl",
            "This layer's normalised share of payouts.",
        );
    }
    b.flow(
        "payments",
        "MAX(payments_stock, 0)",
        "dollars/week",
        "Payments reaching the pool.",
    );
    b.flow(
        "protocol",
        "payments * incentives_protocol_share",
        "dollars/week",
        "The protocol's share of payments, leaving the pool.",
    );
    b.flow(
        "payouts",
        "IF (payout_weights > 0) THEN (incentives_payout_rate * MAX(incentives_stock, 0)) ELSE (0)",
        "dollars/week",
        "Payouts from the pool.",
    );
    b.aux(
        "pool",
        "incentives_stock",
        "dollars",
        "Money in the incentive pool (the incentives stock).",
    );
    for layer in ["compute", "models", "applications", "verification"] {
        b.aux(
            &format!("payouts_{layer}"),
            format!("payout_split_{layer} * payouts"),
            "dollars/week",
            "Payouts to this layer.",
        );
    }
}

/// The flows that change the stocks (MODEL.md §4).
fn rates(b: &mut Builder) {
    b.flow(
        "gpus_funded",
        "payouts_compute / gpu_cost",
        "GPUs/week",
        "GPUs that payouts add.",
    );
    b.flow(
        "gpus_retired",
        "compute_stock / compute_lifetime_weeks",
        "GPUs/week",
        "GPUs that leave.",
    );
    b.flow(
        "models_funded",
        "payouts_models / model_cost * compute_carry",
        "models/week",
        "Models payouts deploy, as far as compute carries their load.",
    );
    b.flow(
        "models_retired",
        "models_stock / models_lifetime_weeks",
        "models/week",
        "Models taken down.",
    );
    b.flow(
        "apps_funded",
        "payouts_applications / app_cost",
        "apps/week",
        "Applications grants fund.",
    );
    b.flow(
        "apps_built",
        "applications_build_rate / weeks_per_year * MAX(models_stock, 0)",
        "apps/week",
        "Applications outside developers build on hosted models.",
    );
    b.flow(
        "apps_abandoned",
        "applications_stock / app_lifetime_weeks",
        "apps/week",
        "Applications abandoned.",
    );
    b.aux("adoption", "(users_outside_influence / weeks_per_year + users_word_of_mouth / weeks_per_year * users_counted / users_market) * (users_market - users_counted)", "users/week", "Bass adoption before service scales it.");
    b.flow(
        "users_joining",
        "adoption * perceived_service",
        "users/week",
        "Adoption scaled by the service users perceive.",
    );
    b.flow(
        "users_leaving",
        "users_counted * (base_churn_per_week + unmet_churn_per_week * (1 - perceived_service))",
        "users/week",
        "Churn, more of it when demand goes unserved.",
    );
    b.flow(
        "payments_change",
        "(earned - payments_stock) / payments_billing_weeks",
        "dollars/week/week",
        "The billing delay: payments follow earnings.",
    );
    b.flow(
        "verifiers_funded",
        "payouts_verification / verifier_cost",
        "nodes/week",
        "Verifier nodes payouts add.",
    );
    b.flow(
        "verifiers_retired",
        "verification_stock / verifier_lifetime_weeks",
        "nodes/week",
        "Verifier nodes that leave.",
    );
    b.flow(
        "trust_change",
        "(verification_capacity * perceived_reliability - trust_stock) / trust_build_weeks",
        "requests/week/week",
        "Trust follows verification capacity, discounted by perceived reliability.",
    );
    b.flow(
        "paid_requests",
        "payments_served",
        "requests/week",
        "Requests covered by a paid plan.",
    );
    b.flow(
        "payments_counted",
        "payments",
        "dollars/week",
        "Payments, counted into their running total.",
    );
    b.flow(
        "user_weeks",
        "users_counted",
        "users",
        "Active users, counted into user-weeks.",
    );
    b.flow(
        "perceived_service_change",
        "(served_fraction - perceived_service) / perception_weeks",
        "1/week",
        "Perception follows the served fraction.",
    );
    b.flow(
        "perceived_reliability_change",
        "(reliability - perceived_reliability) / perception_weeks",
        "1/week",
        "Perception follows reliability.",
    );
}

/// What the run records beside the chain: the users' and incentives' layer figures, each
/// layer's utilization and loss, trust level and loop gain (MODEL.md §5 to §7).
fn records(b: &mut Builder) {
    const RW: &str = "requests/week";
    b.smooth_min(
        "supply_carried",
        "models_capacity",
        "compute_capacity",
        RW,
        "What models and compute could carry.",
    );
    b.smooth_min(
        "users_demand",
        "applications_capacity",
        "supply_carried",
        RW,
        "Supply offered to users: what applications, models and compute could carry.",
    );
    b.aux(
        "users_served",
        "served_requests",
        RW,
        "Requests served end to end.",
    );
    let busy = [
        ("compute_busy", "compute_served", "compute_capacity"),
        ("models_busy", "models_served", "models_capacity"),
        (
            "applications_busy",
            "applications_served",
            "applications_capacity",
        ),
        ("verification_busy", "trust_served", "verification_capacity"),
    ];
    for (name, through, capacity) in busy {
        b.aux(
            name,
            share(through, capacity, "0"),
            "dmnl",
            "The busy share of this layer's capacity.",
        );
    }
    b.aux(
        "incentives_demand",
        "compute_busy * compute_stock * (gpu_cost / compute_lifetime_weeks) \
         + models_busy * models_stock * (model_cost / models_lifetime_weeks) \
         + applications_busy * MAX(applications_stock / app_lifetime_weeks - apps_built, 0) * app_cost \
         + verification_busy * verification_stock * (verifier_cost / verifier_lifetime_weeks)",
        "dollars/week",
        "Upkeep of the supply in use.",
    );
    b.aux("incentives_capacity", "payouts", "dollars/week", "Payouts.");
    b.smooth_min(
        "incentives_served",
        "incentives_demand",
        "incentives_capacity",
        "dollars/week",
        "Upkeep that payouts cover.",
    );
    for layer in Layer::ALL {
        let id = layer.id();
        b.aux(
            &format!("{id}_utilization"),
            format!("IF ({id}_demand <= 0) THEN (0) ELSE (IF ({id}_capacity <= 0) THEN (utilization_cap) ELSE (MIN({id}_demand / {id}_capacity, utilization_cap)))"),
            "dmnl",
            "Demand over capacity, capped.",
        );
        b.aux(
            &format!("{id}_lost"),
            format!("MAX({id}_demand - {id}_served, 0)"),
            layer_units(layer),
            "What the layer could not pass.",
        );
    }
    b.aux(
        "trust_level",
        share("trust_served", "verification_demand", "1"),
        "dmnl",
        "Share of sensitive demand users entrust to the network.",
    );
    b.aux(
        "paid_slope",
        "IF (payments_capacity <= 0) THEN (0) ELSE (IF (payments_demand <= 0) THEN (1) ELSE (IF (payments_demand <= payments_capacity) THEN (1 - paid_slope_loss) ELSE (paid_slope_loss)))",
        "dmnl",
        "Slope of paid requests in served ones.",
    );
    b.aux(
        "paid_slope_loss",
        "0.5 * (IF (payments_served_depth > 0) THEN (MIN(payments_served_depth / payments_served_window, 1)) ELSE (0))^3",
        "dmnl",
        "The smooth minimum's loss of slope inside its window.",
    );
    for (layer, throughput, lifetime, cost) in [
        (
            "compute",
            "compute_requests_per_gpu",
            "compute_lifetime_weeks",
            "gpu_cost",
        ),
        (
            "models",
            "models_requests_per_model",
            "models_lifetime_weeks",
            "model_cost",
        ),
        (
            "applications",
            "applications_requests_per_app",
            "app_lifetime_weeks",
            "app_cost",
        ),
    ] {
        b.aux(
            &format!("served_per_dollar_{layer}"),
            format!("payout_split_{layer} * {throughput} * {lifetime} / {cost}"),
            "requests/dollar",
            "Requests one dollar of payouts serves over the life of what it buys here.",
        );
    }
    b.aux(
        "loop_gain",
        "paid_slope * (payments_price / 1000) * (1 + verification_premium * verified_share) * (1 - incentives_protocol_share) \
         * MIN(MIN(served_per_dollar_compute / (1 + verification_overhead * verified_share), served_per_dollar_models * compute_carry), served_per_dollar_applications)",
        "dmnl",
        "Requests one extra served request pays to have served again.",
    );
}

/// The unit of a layer's demand, served and lost.
fn layer_units(layer: Layer) -> &'static str {
    match layer {
        Layer::Incentives => "dollars/week",
        _ => "requests/week",
    }
}

/// A number as the file writes it: the shortest text that reads back as the same bits.
pub(crate) fn number_text(value: f64) -> String {
    format!("{value}")
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped for XML text or attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The XMILE `method` of an integrator.
pub(crate) fn method(integrator: Integrator) -> &'static str {
    match integrator {
        Integrator::Euler => "Euler",
        Integrator::Rk4 => "RK4",
    }
}

/// The scenario as an XMILE 1.0 file: the model with the scenario's parameter values, and
/// sim_specs from 0 to its horizon in weeks with its step and method (`Euler` or `RK4`).
///
/// # Errors
/// [`XmileError::Noise`] for a scenario with demand noise, which XMILE cannot hold;
/// [`XmileError::Scenario`] for run options out of bounds.
pub fn to_xmile(scenario: &Scenario) -> Result<String, XmileError> {
    let options = &scenario.options;
    if let Some(noise) = options.noise {
        return Err(XmileError::Noise { sigma: noise.sigma });
    }
    options.steps()?;
    let mut out = String::new();
    // `write!` into a String cannot fail.
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#);
    let _ = writeln!(out, r#"<xmile version="1.0" xmlns="{XMILE_NAMESPACE}">"#);
    let _ = writeln!(out, "  <header>");
    let _ = writeln!(out, "    <name>Flywheel</name>");
    let _ = writeln!(out, "    <vendor>{VENDOR}</vendor>");
    let _ = writeln!(
        out,
        r#"    <product version="{}" lang="en">{PRODUCT}</product>"#,
        env!("CARGO_PKG_VERSION")
    );
    if let Some(preset) = scenario.preset {
        let _ = writeln!(
            out,
            r#"    <flywheel:scenario xmlns:flywheel="{FLYWHEEL_NAMESPACE}" preset="{}"/>"#,
            escape(preset)
        );
    }
    let _ = writeln!(out, "  </header>");
    let _ = writeln!(
        out,
        r#"  <sim_specs method="{}" time_units="weeks">"#,
        method(options.integrator)
    );
    let _ = writeln!(out, "    <start>0</start>");
    let _ = writeln!(out, "    <stop>{}</stop>", options.weeks);
    let _ = writeln!(out, "    <dt>{}</dt>", number_text(options.step_weeks));
    let _ = writeln!(out, "  </sim_specs>");
    let _ = writeln!(out, "  <model>");
    let _ = writeln!(out, "    <variables>");
    for v in variables(scenario) {
        let tag = match v.kind {
            Kind::Stock { .. } => "stock",
            Kind::Flow => "flow",
            Kind::Aux => "aux",
        };
        let _ = writeln!(out, r#"      <{tag} name="{}">"#, escape(&v.name));
        let _ = writeln!(out, "        <eqn>{}</eqn>", escape(&v.eqn));
        if let Kind::Stock {
            inflows,
            outflows,
            non_negative,
        } = &v.kind
        {
            for flow in inflows {
                let _ = writeln!(out, "        <inflow>{}</inflow>", escape(flow));
            }
            for flow in outflows {
                let _ = writeln!(out, "        <outflow>{}</outflow>", escape(flow));
            }
            if *non_negative {
                let _ = writeln!(out, "        <non_negative/>");
            }
        }
        let _ = writeln!(out, "        <units>{}</units>", escape(v.units));
        if !v.doc.is_empty() {
            let _ = writeln!(out, "        <doc>{}</doc>", escape(&v.doc));
        }
        let _ = writeln!(out, "      </{tag}>");
    }
    let _ = writeln!(out, "    </variables>");
    let _ = writeln!(out, "  </model>");
    let _ = writeln!(out, "</xmile>");
    Ok(out)
}

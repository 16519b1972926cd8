//! Every parameter a person can drag: id, unit, range, default and one-line meaning, and their values.

use crate::error::{number, Error};
use crate::model::layer::Layer;
use serde::Serialize;

/// The shape of a parameter's slider: part of what a parameter is, so the slider's mapping
/// (`crate::reading::slider`) only reads it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Scale {
    /// Equal steps of this size from the minimum to the maximum.
    Linear(f64),
    /// Equal ratios from the minimum (above 0) to the maximum, values rounded to three
    /// significant digits: for ranges that span decades.
    Log,
    /// Position 0 is 0 (the minimum); the others run in equal ratios from this value to the
    /// maximum: for ranges that start at 0 and span decades.
    ZeroLog(f64),
}

/// The description of one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ParamSpec {
    /// `layer.name`, e.g. `compute.requests_per_gpu`.
    pub id: &'static str,
    #[serde(skip)]
    pub param: Param,
    pub layer: Layer,
    /// Short label for a slider.
    pub label: &'static str,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    /// One line saying what the parameter means in the model.
    pub meaning: &'static str,
    /// Two letters that name the parameter in a link (`uq` for `users.word_of_mouth`).
    pub code: &'static str,
    /// How a slider's positions map to values.
    pub scale: Scale,
}

macro_rules! declare_params {
    ($( $variant:ident => $layer:ident, $id:literal, $code:literal, $label:literal, $unit:literal,
        [$min:expr, $max:expr], $default:expr, $scale:expr, $meaning:literal; )*) => {
        /// A parameter of the model; its position indexes [`Params`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Param { $($variant),* }

        /// The table of every parameter, in loop order of their layers.
        pub const SPECS: &[ParamSpec] = &[$(ParamSpec {
            id: $id, param: Param::$variant, layer: Layer::$layer, label: $label,
            unit: $unit, min: $min, max: $max, default: $default, meaning: $meaning,
            code: $code, scale: $scale,
        }),*];
    };
}

declare_params! {
    ComputeInitialGpus => Compute, "compute.initial_gpus", "cg", "Starting GPUs", "GPUs",
        [0.0, 100_000.0], 2_000.0, Scale::ZeroLog(10.0),
        "GPU-equivalents serving inference in week 0.";
    ComputeRequestsPerGpu => Compute, "compute.requests_per_gpu", "cr", "Throughput per GPU", "requests/week per GPU",
        [1_000.0, 200_000.0], 20_000.0, Scale::Log,
        "Inference requests one GPU can run in a week; the layer's capacity-like parameter.";
    ComputePayoutShare => Compute, "compute.payout_share", "cs", "Share of payouts", "weight",
        [0.0, 1.0], 0.45, Scale::Linear(0.01),
        "Weight of compute in the split of incentive payouts (weights are normalised to sum to 1).";
    ComputeLifetimeWeeks => Compute, "compute.lifetime_weeks", "cl", "GPU lifetime", "weeks",
        [26.0, 520.0], 156.0, Scale::Linear(1.0),
        "Mean time a GPU stays in the network before it is retired or leaves.";

    ModelsInitial => Models, "models.initial", "mi", "Starting models", "models",
        [0.0, 5_000.0], 40.0, Scale::ZeroLog(1.0),
        "Models hosted on the network in week 0.";
    ModelsRequestsPerModel => Models, "models.requests_per_model", "mr", "Throughput per model", "requests/week per model",
        [10_000.0, 20_000_000.0], 1_500_000.0, Scale::Log,
        "Requests one hosted model's endpoints can take in a week; the layer's capacity-like parameter.";
    ModelsPayoutShare => Models, "models.payout_share", "ms", "Share of payouts", "weight",
        [0.0, 1.0], 0.15, Scale::Linear(0.01),
        "Weight of model hosting in the split of incentive payouts.";
    ModelsLifetimeWeeks => Models, "models.lifetime_weeks", "ml", "Model lifetime", "weeks",
        [13.0, 260.0], 78.0, Scale::Linear(1.0),
        "Mean time before a hosted model is superseded and taken down.";

    ApplicationsInitial => Applications, "applications.initial", "ai", "Starting apps", "applications",
        [0.0, 10_000.0], 100.0, Scale::ZeroLog(1.0),
        "Applications built on the network in week 0.";
    ApplicationsRequestsPerApp => Applications, "applications.requests_per_app", "ar", "Throughput per app", "requests/week per app",
        [1_000.0, 5_000_000.0], 300_000.0, Scale::Log,
        "User requests one application can handle in a week; the layer's capacity-like parameter.";
    ApplicationsBuildRate => Applications, "applications.build_rate", "ab", "Apps built per model", "apps per model per year",
        [0.0, 10.0], 1.0, Scale::ZeroLog(0.01),
        "Applications outside developers build each year on each hosted model, without grants.";
    ApplicationsPayoutShare => Applications, "applications.payout_share", "as", "Share of payouts", "weight",
        [0.0, 1.0], 0.2, Scale::Linear(0.01),
        "Weight of application grants in the split of incentive payouts.";

    UsersMarket => Users, "users.market", "um", "Addressable market", "users",
        [10_000.0, 1_000_000_000.0], 20_000_000.0, Scale::Log,
        "People who could ever use the network; users never exceed it.";
    UsersOutsideInfluence => Users, "users.outside_influence", "up", "Outside influence (Bass p)", "per year",
        [0.0, 0.5], 0.03, Scale::ZeroLog(0.001),
        "Share of the remaining market that adopts each year from outside influence alone.";
    UsersWordOfMouth => Users, "users.word_of_mouth", "uq", "Word of mouth (Bass q)", "per year",
        [0.0, 3.0], 0.6, Scale::Linear(0.01),
        "Adoption each year from contact with existing users, at full market penetration.";
    UsersRequestsPerUser => Users, "users.requests_per_user", "ur", "Requests per user", "requests/week per user",
        [1.0, 5_000.0], 50.0, Scale::Log,
        "Inference requests an active user wants each week; the layer's capacity-like parameter.";

    PaymentsPrice => Payments, "payments.price", "pp", "Price", "$ per 1,000 requests",
        [0.0, 100.0], 6.0, Scale::ZeroLog(0.1),
        "What a paid request earns the network.";
    PaymentsPayingShare => Payments, "payments.paying_share", "ps", "Paying users", "share of users",
        [0.0, 1.0], 0.4, Scale::Linear(0.01),
        "Share of users on a paid plan; the layer's capacity-like parameter.";
    PaymentsPlanRequests => Payments, "payments.plan_requests", "pr", "Requests per paid plan", "requests/week per paying user",
        [0.0, 10_000.0], 200.0, Scale::ZeroLog(1.0),
        "Requests a paying user's plan pays for each week; usage beyond all plans is served unpaid.";
    PaymentsBillingWeeks => Payments, "payments.billing_weeks", "pb", "Billing delay", "weeks",
        [1.0, 26.0], 4.0, Scale::Linear(1.0),
        "Time constant of the delay between paid usage and the money reaching the network.";

    IncentivesInitialPool => Incentives, "incentives.initial_pool", "ii", "Starting pool", "$",
        [0.0, 1_000_000_000.0], 2_000_000.0, Scale::ZeroLog(1000.0),
        "Treasury in the incentive pool in week 0 (grants, token reserve).";
    IncentivesPayoutRate => Incentives, "incentives.payout_rate", "ir", "Payout rate", "share of pool per week",
        [0.001, 0.5], 0.05, Scale::Log,
        "Share of the pool paid out to the supply layers each week; the layer's capacity-like parameter.";
    IncentivesProtocolShare => Incentives, "incentives.protocol_share", "ip", "Protocol share", "share of payments",
        [0.0, 0.5], 0.1, Scale::Linear(0.01),
        "Share of payments the protocol keeps instead of putting into the pool.";

    VerificationInitialNodes => Verification, "verification.initial_nodes", "vi", "Starting verifiers", "verifier nodes",
        [0.0, 10_000.0], 40.0, Scale::ZeroLog(1.0),
        "Verifier nodes (attestation or proof capacity) in week 0.";
    VerificationRequestsPerNode => Verification, "verification.requests_per_node", "vr", "Throughput per verifier", "requests/week per node",
        [1_000.0, 10_000_000.0], 100_000.0, Scale::Log,
        "Requests one verifier node can check in a week; the layer's capacity-like parameter.";
    VerificationPayoutShare => Verification, "verification.payout_share", "vs", "Share of payouts", "weight",
        [0.0, 1.0], 0.2, Scale::Linear(0.01),
        "Weight of verification in the split of incentive payouts.";
    VerificationOverhead => Verification, "verification.overhead", "vo", "Compute overhead", "extra compute per verified request",
        [0.0, 10.0], 0.3, Scale::ZeroLog(0.01),
        "Extra compute a verified request costs, as a multiple of the request itself (0.1 attestation, 5+ proofs).";
    VerificationValue => Verification, "verification.value", "vv", "Value to users", "extra share of the price",
        [0.0, 10.0], 1.0, Scale::ZeroLog(0.01),
        "The most extra that users who care will pay for a verified request; it is charged its extra compute up to this.";

    TrustInitial => Trust, "trust.initial", "ti", "Starting trust", "share of verification capacity",
        [0.0, 1.0], 0.5, Scale::Linear(0.01),
        "Share of the verification capacity that users trust in week 0.";
    TrustBuildWeeks => Trust, "trust.build_weeks", "tb", "Trust delay", "weeks",
        [1.0, 104.0], 12.0, Scale::Linear(1.0),
        "Time constant with which trust follows verified, reliable service.";
    TrustReliabilityCare => Trust, "trust.reliability_care", "tc", "How much users care", "share of demand",
        [0.0, 1.0], 0.3, Scale::Linear(0.01),
        "Share of users' demand that goes only to a network they can verify and trust.";
}

/// Number of parameters.
pub const PARAM_COUNT: usize = SPECS.len();

impl Param {
    /// This parameter's description.
    pub fn spec(self) -> &'static ParamSpec {
        &SPECS[self as usize]
    }
}

impl ParamSpec {
    /// The part of the id after the layer, e.g. `requests_per_gpu`.
    pub fn name(&self) -> &'static str {
        &self.id[self.layer.id().len() + 1..]
    }

    /// Looks up a parameter by its `layer.name` id.
    ///
    /// # Errors
    /// [`Error::MalformedSetting`] without a dot, [`Error::UnknownLayer`] or [`Error::UnknownParam`].
    pub fn find(id: &str) -> Result<&'static ParamSpec, Error> {
        let (layer_id, name) = id
            .split_once('.')
            .ok_or_else(|| Error::MalformedSetting { given: id.into() })?;
        let layer = Layer::from_id(layer_id).ok_or_else(|| Error::UnknownLayer {
            layer: layer_id.into(),
            given: id.into(),
            known: Layer::known_ids(),
        })?;
        let mut of_layer = SPECS.iter().filter(|spec| spec.layer == layer);
        of_layer
            .clone()
            .find(|spec| spec.name() == name)
            .ok_or_else(|| Error::UnknownParam {
                layer: layer_id.into(),
                param: name.into(),
                known: of_layer
                    .by_ref()
                    .map(ParamSpec::name)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Checks a value against this parameter's range.
    ///
    /// # Errors
    /// [`Error::NotANumber`] for NaN or infinity, [`Error::OutOfRange`] outside `min..=max`.
    pub fn check(&self, value: f64) -> Result<f64, Error> {
        self.check_as(value, || number(value))
    }

    /// [`ParamSpec::check`], quoting the value as `typed` gives it.
    fn check_as(&self, value: f64, typed: impl Fn() -> String) -> Result<f64, Error> {
        if !value.is_finite() {
            return Err(Error::NotANumber {
                id: self.id.into(),
                value: typed(),
            });
        }
        if value < self.min || value > self.max {
            return Err(Error::OutOfRange {
                id: self.id.into(),
                value: typed(),
                min: self.min,
                max: self.max,
                unit: self.unit.into(),
            });
        }
        Ok(value)
    }

    /// Parses and checks a value given as text, quoting the text in any error.
    ///
    /// # Errors
    /// As [`ParamSpec::check`]; [`Error::NotANumber`] for text that is not a number, `nan` and
    /// `inf` among them; [`Error::Unrepresentable`] for a number too large for a 64-bit float
    /// (`1e400`), or one so small it would silently become 0 (`1e-400`).
    pub fn parse(&self, text: &str) -> Result<f64, Error> {
        let text = text.trim();
        let unrepresentable = |why| Error::Unrepresentable {
            id: self.id.into(),
            value: text.into(),
            why,
        };
        let value: f64 = text.parse().map_err(|_| Error::NotANumber {
            id: self.id.into(),
            value: text.into(),
        })?;
        // Rust reads `inf`, `infinity` and `nan` as numbers; here they are not.
        let written_out = text
            .trim_start_matches(['+', '-'])
            .starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if !written_out || value.is_nan() {
            return Err(Error::NotANumber {
                id: self.id.into(),
                value: text.into(),
            });
        }
        if value.is_infinite() {
            return Err(unrepresentable("too large to be a number here"));
        }
        let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
        if value == 0.0 && mantissa.contains(|c: char| ('1'..='9').contains(&c)) {
            return Err(unrepresentable(
                "too small to tell from 0 (write 0 if 0 is meant)",
            ));
        }
        self.check_as(value, || text.into())
    }
}

/// A value for every parameter, each inside its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Params([f64; PARAM_COUNT]);

impl Default for Params {
    fn default() -> Self {
        let mut values = [0.0; PARAM_COUNT];
        for (value, spec) in values.iter_mut().zip(SPECS) {
            *value = spec.default;
        }
        Params(values)
    }
}

impl Params {
    /// The value of one parameter.
    pub fn get(&self, param: Param) -> f64 {
        self.0[param as usize]
    }

    /// Sets one parameter after checking its range.
    ///
    /// # Errors
    /// As [`ParamSpec::check`].
    pub fn set(&mut self, param: Param, value: f64) -> Result<(), Error> {
        self.0[param as usize] = param.spec().check(value)?;
        Ok(())
    }

    /// Applies one `layer.param=value` setting and returns the parameter it set.
    ///
    /// # Errors
    /// [`Error::MalformedSetting`] without `=`, else as [`ParamSpec::find`] and [`ParamSpec::parse`].
    pub fn apply_setting(&mut self, setting: &str) -> Result<&'static ParamSpec, Error> {
        let malformed = || Error::MalformedSetting {
            given: setting.into(),
        };
        let (id, text) = setting.split_once('=').ok_or_else(malformed)?;
        // A setting without a `layer.` names itself in full, not just the part before `=`.
        let spec = ParamSpec::find(id.trim()).map_err(|error| match error {
            Error::MalformedSetting { .. } => malformed(),
            other => other,
        })?;
        self.0[spec.param as usize] = spec.parse(text)?;
        Ok(spec)
    }

    /// Every parameter with its value, in table order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static ParamSpec, f64)> + '_ {
        SPECS.iter().zip(self.0.iter().copied())
    }
}

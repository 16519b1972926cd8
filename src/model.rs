//! The flywheel's equations: the stocks, the demand chain through the layers, the money, and their rates of change.
//!
//! Time is in weeks. Demand is in requests per week. Money is in dollars. See MODEL.md for the
//! whole derivation; the doc comments here give each equation where it is computed.

use crate::layer::Layer;
use crate::params::{Param, Params};

/// Number of state variables: the eight layer stocks and four running totals.
pub const STATE_LEN: usize = 12;

/// The model state: `y[layer.index()]` is that layer's stock; the rest are running totals.
pub type State = [f64; STATE_LEN];

/// Index of the cumulative paid requests (requests), the run's goal metric.
pub const PAID_TOTAL: usize = 8;
/// Index of cumulative payments collected ($).
pub const PAYMENTS_TOTAL: usize = 9;
/// Index of cumulative payouts from the pool ($).
pub const PAYOUTS_TOTAL: usize = 10;
/// Index of the cumulative protocol share ($).
pub const PROTOCOL_TOTAL: usize = 11;

const GPUS: usize = 0;
const MODELS: usize = 1;
const APPS: usize = 2;
const USERS: usize = 3;
const REVENUE: usize = 4;
const POOL: usize = 5;
const VERIFIERS: usize = 6;
const TRUSTED: usize = 7;

/// Dollars of payouts that add one GPU-equivalent for its lifetime.
pub const GPU_COST: f64 = 4_000.0;
/// Dollars of payouts that bring one more model to hosting.
pub const MODEL_COST: f64 = 60_000.0;
/// Dollars of grants that fund one more application.
pub const APP_COST: f64 = 25_000.0;
/// Dollars of payouts that add one verifier node.
pub const VERIFIER_COST: f64 = 8_000.0;
/// Mean life of an application before it is abandoned (weeks).
pub const APP_LIFETIME_WEEKS: f64 = 104.0;
/// Mean life of a verifier node (weeks).
pub const VERIFIER_LIFETIME_WEEKS: f64 = 156.0;
/// Users in week 0, as a share of the addressable market.
pub const INITIAL_USER_SHARE: f64 = 0.001;
/// Share of users who leave each week even when fully served (about 19% a year).
pub const BASE_CHURN_PER_WEEK: f64 = 0.004;
/// Extra share of users who leave each week when none of their demand is served.
pub const UNMET_CHURN_PER_WEEK: f64 = 0.03;
/// Weeks in a year, for the Bass coefficients given per year.
pub const WEEKS_PER_YEAR: f64 = 52.0;

/// Coefficient of the smooth minimum: `a * (1 - r^8 / 17)` with r = small / large.
/// 1/17 is the value that makes both partial derivatives continuous where the arguments cross.
const SMOOTHING: f64 = 1.0 / 17.0;

/// The four layers that incentive payouts grow, in the order of [`Flows::payouts_to`].
pub const FUNDED: [Layer; 4] = [
    Layer::Compute,
    Layer::Models,
    Layer::Applications,
    Layer::Verification,
];

/// A capacity-limited flow: `min(demand, capacity)` made smooth so RK4 stays accurate.
///
/// With `lo = min(a, b)`, `hi = max(a, b)` and `r = lo / hi` it is `lo * (1 - r^8 / 17)`:
/// equal to the smaller one when the other is far larger, 16/17 of it (a 6% congestion loss)
/// when they are equal, never negative, never above the hard minimum, continuous with
/// continuous first derivatives. Zero when either is zero or negative.
pub fn smooth_min(a: f64, b: f64) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if lo <= 0.0 {
        return 0.0;
    }
    let r = lo / hi;
    let r2 = r * r;
    let r4 = r2 * r2;
    lo * (1.0 - r4 * r4 * SMOOTHING)
}

/// [`smooth_min`] and its derivative with respect to `a`.
pub fn smooth_min_and_slope(a: f64, b: f64) -> (f64, f64) {
    if b <= 0.0 {
        return (0.0, 0.0);
    }
    if a <= 0.0 {
        return (0.0, 1.0);
    }
    if a <= b {
        let r = a / b;
        let r8 = (r * r) * (r * r) * (r * r) * (r * r);
        (a * (1.0 - r8 * SMOOTHING), 1.0 - 9.0 * r8 * SMOOTHING)
    } else {
        let s = b / a;
        let s8 = (s * s) * (s * s) * (s * s) * (s * s);
        (b * (1.0 - s8 * SMOOTHING), 8.0 * s8 * s * SMOOTHING)
    }
}

/// The share of `demand` that a layer of `capacity` passes: `smooth_min(d, c) / d`, in [0, 1].
/// With no demand nothing is lost and the share is 1.
pub fn pass_share(demand: f64, capacity: f64) -> f64 {
    if demand <= 0.0 {
        return 1.0;
    }
    if capacity <= 0.0 {
        return 0.0;
    }
    if demand <= capacity {
        let r = demand / capacity;
        let r2 = r * r;
        let r4 = r2 * r2;
        1.0 - r4 * r4 * SMOOTHING
    } else {
        let s = capacity / demand;
        let s2 = s * s;
        let s4 = s2 * s2;
        s * (1.0 - s4 * s4 * SMOOTHING)
    }
}

/// The model of one run: parameters unpacked into named fields, with per-layer capacity relief.
#[derive(Debug, Clone)]
pub struct Model {
    requests_per_gpu: f64,
    gpu_lifetime_weeks: f64,
    requests_per_model: f64,
    model_lifetime_weeks: f64,
    requests_per_app: f64,
    apps_built_per_model_week: f64,
    market_users: f64,
    outside_influence_per_week: f64,
    word_of_mouth_per_week: f64,
    requests_per_user: f64,
    price_per_request: f64,
    paying_share: f64,
    plan_requests: f64,
    billing_weeks: f64,
    payout_rate: f64,
    protocol_share: f64,
    requests_per_verifier: f64,
    verification_overhead: f64,
    trust_build_weeks: f64,
    reliability_care: f64,
    /// Normalised payout split over [`FUNDED`]; all zero when every weight is zero.
    payout_split: [f64; 4],
    /// Capacity multiplier per layer (1 = as given); the verdict relieves one layer at a time.
    relief: [f64; Layer::COUNT],
    initial: State,
}

/// Everything the model computes from one state: the per-layer record and the money flows.
///
/// Per layer, `demand` is what is asked of it, `capacity` what it can do, `served` what gets
/// through; see [`Model::flows`] for the meaning in each layer.
#[derive(Debug, Clone, Default)]
pub struct Flows {
    pub demand: [f64; Layer::COUNT],
    pub capacity: [f64; Layer::COUNT],
    pub served: [f64; Layer::COUNT],
    /// Requests served end to end (requests/week).
    pub served_requests: f64,
    /// Requests covered by a paid plan (requests/week).
    pub paid_requests: f64,
    /// Slope of paid requests with respect to served requests, in [0, 1].
    pub paid_slope: f64,
    /// Money earned by paid requests, before the billing delay ($/week).
    pub earned: f64,
    /// Payments reaching the network ($/week).
    pub payments: f64,
    /// Payouts from the pool ($/week), in total and to each of [`FUNDED`].
    pub payouts: f64,
    pub payouts_to: [f64; 4],
    /// The protocol's share of payments ($/week).
    pub protocol: f64,
    /// Share of users' wanted demand that is served, in [0, 1].
    pub served_fraction: f64,
    /// Share of the verifiable sensitive demand that users entrust to the network, in [0, 1].
    pub trust_level: f64,
    /// Share of the compute load that compute carries, in [0, 1].
    pub compute_carry: f64,
    /// Share of traffic that is verified, in [0, 1].
    pub verified_share: f64,
    /// Applications built per week without grants.
    pub organic_apps: f64,
}

impl Model {
    /// Unpacks parameters for fast evaluation. `relief[layer]` multiplies that layer's capacity.
    pub fn new(params: &Params, relief: [f64; Layer::COUNT]) -> Model {
        let p = |param| params.get(param);
        let weights = [
            p(Param::ComputePayoutShare),
            p(Param::ModelsPayoutShare),
            p(Param::ApplicationsPayoutShare),
            p(Param::VerificationPayoutShare),
        ];
        let total: f64 = weights.iter().sum();
        let payout_split = if total > 0.0 {
            weights.map(|w| w / total)
        } else {
            [0.0; 4]
        };
        let mut model = Model {
            requests_per_gpu: p(Param::ComputeRequestsPerGpu),
            gpu_lifetime_weeks: p(Param::ComputeLifetimeWeeks),
            requests_per_model: p(Param::ModelsRequestsPerModel),
            model_lifetime_weeks: p(Param::ModelsLifetimeWeeks),
            requests_per_app: p(Param::ApplicationsRequestsPerApp),
            apps_built_per_model_week: p(Param::ApplicationsBuildRate) / WEEKS_PER_YEAR,
            market_users: p(Param::UsersMarket),
            outside_influence_per_week: p(Param::UsersOutsideInfluence) / WEEKS_PER_YEAR,
            word_of_mouth_per_week: p(Param::UsersWordOfMouth) / WEEKS_PER_YEAR,
            requests_per_user: p(Param::UsersRequestsPerUser),
            price_per_request: p(Param::PaymentsPrice) / 1000.0,
            paying_share: p(Param::PaymentsPayingShare),
            plan_requests: p(Param::PaymentsPlanRequests),
            billing_weeks: p(Param::PaymentsBillingWeeks),
            payout_rate: p(Param::IncentivesPayoutRate),
            protocol_share: p(Param::IncentivesProtocolShare),
            requests_per_verifier: p(Param::VerificationRequestsPerNode),
            verification_overhead: p(Param::VerificationOverhead),
            trust_build_weeks: p(Param::TrustBuildWeeks),
            reliability_care: p(Param::TrustReliabilityCare),
            payout_split,
            relief,
            initial: [0.0; STATE_LEN],
        };
        let mut y = [0.0; STATE_LEN];
        y[GPUS] = p(Param::ComputeInitialGpus);
        y[MODELS] = p(Param::ModelsInitial);
        y[APPS] = p(Param::ApplicationsInitial);
        y[USERS] = INITIAL_USER_SHARE * model.market_users;
        y[POOL] = p(Param::IncentivesInitialPool);
        y[VERIFIERS] = p(Param::VerificationInitialNodes);
        y[TRUSTED] = p(Param::TrustInitial) * y[VERIFIERS] * model.requests_per_verifier;
        // Payments start at what week 0's paid usage earns, so the billing delay adds no start-up dip.
        y[REVENUE] = model.flows(&y, 1.0).earned;
        model.initial = y;
        model
    }

    /// The state in week 0.
    pub fn initial_state(&self) -> State {
        self.initial
    }

    /// The addressable market (users).
    pub fn market_users(&self) -> f64 {
        self.market_users
    }

    /// Computes every flow from a state. `demand_factor` multiplies users' demand (noise; 1 without).
    ///
    /// The demand chain, in requests/week:
    /// - users want `wanted = users * requests_per_user`; the share `care` of it is sensitive and
    ///   goes only through verification (capacity `verifiers * requests_per_node`) and then trust
    ///   (capacity: the trusted-volume stock); the rest goes straight on;
    /// - what is sent passes applications, then models, then compute, each `smooth_min(demand, capacity)`;
    ///   verified requests load compute `1 + overhead` times;
    /// - paid requests are `smooth_min(served, users * paying_share * plan_requests)`.
    ///
    /// The users layer's record runs the other way: its demand is the supply offered to users
    /// (what applications, models and compute could carry) and its capacity is what users want,
    /// so its utilization above 1 means supply is waiting for users.
    pub fn flows(&self, y: &State, demand_factor: f64) -> Flows {
        let relief = &self.relief;
        let gpus = y[GPUS].max(0.0);
        let models = y[MODELS].max(0.0);
        let apps = y[APPS].max(0.0);
        let users = y[USERS].clamp(0.0, self.market_users);
        let revenue = y[REVENUE].max(0.0);
        let pool = y[POOL].max(0.0);
        let verifiers = y[VERIFIERS].max(0.0);
        let trusted = y[TRUSTED].max(0.0);

        let wanted = users * self.requests_per_user * demand_factor * relief[Layer::Users.index()];
        let sensitive = self.reliability_care * wanted;
        let verifier_capacity =
            verifiers * self.requests_per_verifier * relief[Layer::Verification.index()];
        let verifiable = smooth_min(sensitive, verifier_capacity);
        let trusted_capacity = trusted * relief[Layer::Trust.index()];
        let entrusted = smooth_min(verifiable, trusted_capacity);
        let sent = (wanted - sensitive) + entrusted;

        let app_capacity = apps * self.requests_per_app * relief[Layer::Applications.index()];
        let app_served = smooth_min(sent, app_capacity);
        let model_capacity = models * self.requests_per_model * relief[Layer::Models.index()];
        let model_served = smooth_min(app_served, model_capacity);
        let verified_share = if sent > 0.0 { entrusted / sent } else { 0.0 };
        let load_per_request = 1.0 + self.verification_overhead * verified_share;
        let compute_capacity =
            gpus * self.requests_per_gpu * relief[Layer::Compute.index()] / load_per_request;
        let compute_carry = pass_share(model_served, compute_capacity);
        let served = model_served * compute_carry;

        let paying_capacity =
            users * self.paying_share * self.plan_requests * relief[Layer::Payments.index()];
        let (paid, paid_slope) = smooth_min_and_slope(served, paying_capacity);
        let earned = paid * self.price_per_request;

        let payouts = if self.payout_split.iter().any(|&s| s > 0.0) {
            self.payout_rate * pool * relief[Layer::Incentives.index()]
        } else {
            0.0
        };
        let payouts_to = self.payout_split.map(|s| s * payouts);
        let organic_apps = self.apps_built_per_model_week * models;
        // Payouts needed to keep the supply that is in use: the depreciation, at replacement
        // cost, of the busy part of each funded layer (idle capacity needs no upkeep).
        let busy = |through: f64, capacity: f64| {
            if capacity > 0.0 {
                (through / capacity).min(1.0)
            } else {
                0.0
            }
        };
        let upkeep = busy(model_served, compute_capacity) * gpus * GPU_COST
            / self.gpu_lifetime_weeks
            + busy(model_served, model_capacity) * models * MODEL_COST / self.model_lifetime_weeks
            + busy(app_served, app_capacity)
                * (apps / APP_LIFETIME_WEEKS - organic_apps).max(0.0)
                * APP_COST
            + busy(verifiable, verifier_capacity) * verifiers * VERIFIER_COST
                / VERIFIER_LIFETIME_WEEKS;
        let offer = smooth_min(app_capacity, smooth_min(model_capacity, compute_capacity));

        let mut flows = Flows {
            served_requests: served,
            paid_requests: paid,
            paid_slope,
            earned,
            payments: revenue,
            payouts,
            payouts_to,
            protocol: revenue * self.protocol_share,
            served_fraction: if wanted > 0.0 {
                (served / wanted).min(1.0)
            } else {
                1.0
            },
            trust_level: pass_share(verifiable, trusted_capacity),
            compute_carry,
            verified_share,
            organic_apps,
            ..Flows::default()
        };
        let mut record = |layer: Layer, demand: f64, capacity: f64, through: f64| {
            flows.demand[layer.index()] = demand;
            flows.capacity[layer.index()] = capacity;
            flows.served[layer.index()] = through;
        };
        record(Layer::Compute, model_served, compute_capacity, served);
        record(Layer::Models, app_served, model_capacity, model_served);
        record(Layer::Applications, sent, app_capacity, app_served);
        record(Layer::Users, offer, wanted, served);
        record(Layer::Payments, served, paying_capacity, paid);
        record(
            Layer::Incentives,
            upkeep,
            payouts,
            smooth_min(upkeep, payouts),
        );
        record(
            Layer::Verification,
            sensitive,
            verifier_capacity,
            verifiable,
        );
        record(Layer::Trust, verifiable, trusted_capacity, entrusted);
        flows
    }

    /// Writes the rate of change of every state variable into `dy`, from the flows at `y`.
    pub fn rates(&self, y: &State, f: &Flows, dy: &mut State) {
        let users = y[USERS].clamp(0.0, self.market_users);
        let [to_compute, to_models, to_apps, to_verification] = f.payouts_to;

        dy[GPUS] = to_compute / GPU_COST - y[GPUS] / self.gpu_lifetime_weeks;
        // Compute enables models: a new model can only be deployed on compute that is free.
        dy[MODELS] =
            to_models / MODEL_COST * f.compute_carry - y[MODELS] / self.model_lifetime_weeks;
        // Models enable applications: outside developers build on hosted models, grants add more.
        dy[APPS] = to_apps / APP_COST + f.organic_apps - y[APPS] / APP_LIFETIME_WEEKS;
        // Bass diffusion scaled by how well the network serves; unmet demand adds churn.
        let adoption = (self.outside_influence_per_week
            + self.word_of_mouth_per_week * users / self.market_users)
            * (self.market_users - users)
            * f.served_fraction;
        let churn =
            users * (BASE_CHURN_PER_WEEK + UNMET_CHURN_PER_WEEK * (1.0 - f.served_fraction));
        dy[USERS] = adoption - churn;
        dy[REVENUE] = (f.earned - y[REVENUE]) / self.billing_weeks;
        dy[POOL] = f.payments - f.protocol - f.payouts;
        dy[VERIFIERS] = to_verification / VERIFIER_COST - y[VERIFIERS] / VERIFIER_LIFETIME_WEEKS;
        // Trust follows verification capacity, discounted by how reliably sent requests are served.
        let sent = f.demand[Layer::Applications.index()];
        let reliability = if sent > 0.0 {
            f.served_requests / sent
        } else {
            1.0
        };
        let verifier_capacity = f.capacity[Layer::Verification.index()];
        dy[TRUSTED] = (verifier_capacity * reliability - y[TRUSTED]) / self.trust_build_weeks;
        dy[PAID_TOTAL] = f.paid_requests;
        dy[PAYMENTS_TOTAL] = f.payments;
        dy[PAYOUTS_TOTAL] = f.payouts;
        dy[PROTOCOL_TOTAL] = f.protocol;
    }

    /// Projects a state back onto its domain after a step: stocks at least 0, users at most
    /// the market. The pool and the running totals are left alone so money stays conserved.
    pub fn clamp(&self, y: &mut State) {
        for i in [GPUS, MODELS, APPS, REVENUE, VERIFIERS, TRUSTED] {
            y[i] = y[i].max(0.0);
        }
        y[USERS] = y[USERS].clamp(0.0, self.market_users);
    }

    /// The loop gain at these flows: the requests that one extra served request pays to have
    /// served again, once its payment has gone round the loop.
    ///
    /// One more served request earns `paid_slope * price`; after the protocol share the pool pays
    /// all of it out, split by the payout weights. Each dollar buys capacity in compute, models
    /// and applications, which lasts a mean lifetime, so serves `capacity * lifetime / cost`
    /// requests. A request needs all three, so the loop returns the smallest of the three.
    /// Verification's share is spent on trust, not on throughput. Above 1, served demand pays
    /// for more than itself and the loop can grow; below 1 it cannot sustain itself.
    pub fn loop_gain(&self, f: &Flows) -> f64 {
        let [to_compute, to_models, to_apps, _] = self.payout_split;
        let load_per_request = 1.0 + self.verification_overhead * f.verified_share;
        let compute = to_compute * self.requests_per_gpu * self.relief[Layer::Compute.index()]
            / load_per_request
            * self.gpu_lifetime_weeks
            / GPU_COST;
        let models = to_models
            * self.requests_per_model
            * self.relief[Layer::Models.index()]
            * f.compute_carry
            * self.model_lifetime_weeks
            / MODEL_COST;
        let apps = to_apps
            * self.requests_per_app
            * self.relief[Layer::Applications.index()]
            * APP_LIFETIME_WEEKS
            / APP_COST;
        f.paid_slope
            * self.price_per_request
            * (1.0 - self.protocol_share)
            * compute.min(models).min(apps)
    }
}

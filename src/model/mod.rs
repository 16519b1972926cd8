//! The model and its integration. This file holds the flywheel's equations: the stocks, the
//! demand chain through the layers, the money, and their rates of change. Its submodules hold
//! the layers, the parameters and presets, scenarios, the integrators and the run through time.
//!
//! Time is in weeks. Demand is in requests per week. Money is in dollars. See MODEL.md for the
//! whole derivation; the doc comments here give each equation where it is computed.

pub mod integrate;
pub mod layer;
pub mod noise;
pub mod params;
pub mod presets;
pub mod run;
pub mod scenario;

use crate::model::layer::Layer;
use crate::model::params::{Param, Params};

/// Number of state variables: the eight layer stocks, four running totals, two perceptions
/// and the running total of user-weeks.
pub const STATE_LEN: usize = 15;

/// The model state: `y[layer.index()]` is that layer's stock; then the running totals and
/// what users perceive of the service.
pub type State = [f64; STATE_LEN];

/// Index of the cumulative paid requests (requests), the run's goal metric.
pub const PAID_TOTAL: usize = 8;
/// Index of cumulative payments collected ($).
pub const PAYMENTS_TOTAL: usize = 9;
/// Index of cumulative payouts from the pool ($).
pub const PAYOUTS_TOTAL: usize = 10;
/// Index of the cumulative protocol share ($).
pub const PROTOCOL_TOTAL: usize = 11;
/// Index of the served fraction as users perceive it (share, 0 to 1): what adoption and churn follow.
pub const PERCEIVED_SERVICE: usize = 12;
/// Index of reliability as users perceive it (share, 0 to 1): what trust follows.
pub const PERCEIVED_RELIABILITY: usize = 13;
/// Index of cumulative user-weeks (users × weeks): the `users` goal.
pub const USER_WEEKS_TOTAL: usize = 14;

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
/// Time constant with which users' perception of service and reliability follows the real thing (weeks).
pub const PERCEPTION_WEEKS: f64 = 4.0;

/// Half-width of the congestion window of [`smooth_min`], as a share of capacity.
/// 8/17 makes the loss at balance 1/17 of capacity (see [`smooth_min`]).
pub const CONGESTION_WINDOW: f64 = 8.0 / 17.0;

/// The four layers that incentive payouts grow, in the order of [`Model::payouts_to`].
pub const FUNDED: [Layer; 4] = [
    Layer::Compute,
    Layer::Models,
    Layer::Applications,
    Layer::Verification,
];

/// What a layer of `capacity` passes of `demand`: `min(demand, capacity)` made smooth so RK4
/// stays accurate.
///
/// With the window `w = 8/17` of capacity and `t = max(0, w*c - |d - c|)`, it is
/// `min(d, c) - t^4 / (8 w^3 c^3)`. Outside the window (demand below 9/17 or above 25/17 of
/// capacity) it is the hard minimum; at balance it is 16/17 of capacity (a 6% congestion loss).
/// It is never negative, never above the hard minimum, rises with demand and with capacity,
/// and has continuous first and second derivatives everywhere (slope 1/2 on both sides at
/// balance) and a continuous third derivative at the window's edges, which keeps RK4 at
/// fourth order. Zero when either is zero or negative.
///
/// It needs no division by the demand: in the model the demand comes down the chain of
/// layers, the critical path of every step, while the capacity's terms depend only on the
/// stocks and are ready early.
#[inline(always)]
pub fn smooth_min(demand: f64, capacity: f64) -> f64 {
    if demand > 0.0 && capacity > 0.0 {
        chain_min(demand, capacity)
    } else {
        0.0
    }
}

/// [`smooth_min`] for a demand and a capacity known to be 0 or more, as everything in the
/// demand chain is: the same value with no branch.
///
/// The two comparisons are written as `if`s because `f64::min` and `f64::max` must also pick
/// the number over a NaN, which costs x86 four more instructions each; nothing here is NaN.
/// With the branch gone too, a default rerun measured 47.3 us instead of 50.2 us.
#[inline(always)]
fn chain_min(demand: f64, capacity: f64) -> f64 {
    let width = CONGESTION_WINDOW * capacity;
    let per_width = 1.0 / width;
    // Capped to stay finite for capacities so small (below about 1e-100) that the cube
    // overflows; the loss, at most an eighth of such a capacity, is then 0.
    let coefficient = (per_width * per_width * per_width * (1.0 / 8.0)).min(f64::MAX);
    let inside = width - (demand - capacity).abs();
    let depth = if inside > 0.0 { inside } else { 0.0 };
    // Grouped so that after `depth` three multiplications are in sequence, not four.
    let loss = (depth * depth) * (depth * (depth * coefficient));
    let least = if demand < capacity { demand } else { capacity };
    least - loss
}

/// `t = max(0, w*c - |d - c|)`, how deep demand is inside the congestion window, and `1 / (w*c)`.
#[inline(always)]
fn window(demand: f64, capacity: f64) -> (f64, f64) {
    let width = CONGESTION_WINDOW * capacity;
    let depth = (width - (demand - capacity).abs()).max(0.0);
    (depth, 1.0 / width)
}

/// `part / whole` for a share of a flow, given `per_whole = 1 / whole` (so that the division
/// can run before `part` is known): 1 when there is no flow at all (nothing is lost).
#[inline(always)]
fn share(part: f64, whole: f64, per_whole: f64) -> f64 {
    if whole > 0.0 {
        (part * per_whole).min(1.0)
    } else {
        1.0
    }
}

/// [`smooth_min`] and its derivative with respect to the demand.
pub fn smooth_min_and_slope(demand: f64, capacity: f64) -> (f64, f64) {
    if demand <= 0.0 || capacity <= 0.0 {
        return (0.0, if capacity > 0.0 { 1.0 } else { 0.0 });
    }
    let (t, per_width) = window(demand, capacity);
    // d(loss)/d(demand) = (t / w c)^3 / 2 times the sign of d(t)/d(demand).
    // `t / (w c)` is in [0, 1]; capped and chosen so that a capacity too small for its
    // reciprocal to be finite reads as a depth in [0, 1], not as infinity or 0 times infinity.
    let depth = if t > 0.0 {
        (t * per_width).min(1.0)
    } else {
        0.0
    };
    let loss_slope = 0.5 * depth.powi(3);
    let slope = if demand <= capacity {
        1.0 - loss_slope
    } else {
        loss_slope
    };
    (smooth_min(demand, capacity), slope)
}

/// The share of `demand` that a layer of `capacity` passes: `smooth_min(d, c) / d`, in [0, 1].
/// With no demand nothing is lost and the share is 1.
pub fn pass_share(demand: f64, capacity: f64) -> f64 {
    share(smooth_min(demand, capacity), demand, 1.0 / demand)
}

/// The model of one run: parameters unpacked into the products and reciprocals the equations
/// use, and the capacity relief of at most one layer.
#[derive(Debug, Clone)]
pub struct Model {
    /// Requests/week one GPU, model, app, verifier can take, and one user wants.
    gpu_throughput: f64,
    model_throughput: f64,
    app_throughput: f64,
    verifier_throughput: f64,
    user_demand: f64,
    /// Requests/week a user's share of paid plans covers.
    paid_per_user: f64,
    /// Dollars a week that keep one GPU and one model in place (cost over lifetime).
    gpu_upkeep: f64,
    model_upkeep: f64,
    /// Requests that one dollar of the pool's payouts has served over the life of the capacity
    /// it buys in compute, models and applications: `split * throughput * lifetime / cost`.
    served_per_dollar: [f64; 3],
    /// Reciprocals of the time constants and the market, so the rates multiply instead of
    /// divide (constant costs and lifetimes are multiplied as `1.0 / CONST` in place).
    per_gpu_lifetime: f64,
    per_model_lifetime: f64,
    per_billing_week: f64,
    per_trust_build_week: f64,
    per_market_user: f64,
    apps_built_per_model_week: f64,
    market_users: f64,
    outside_influence_per_week: f64,
    word_of_mouth_per_week: f64,
    price_per_request: f64,
    /// Extra share of the price a verified paid request earns: its extra compute, up to what
    /// users who care value it at, `min(verification.overhead, verification.value)`.
    verification_premium: f64,
    /// Share of the pool paid out per week; 0 when no layer has a payout weight.
    payout_rate: f64,
    protocol_share: f64,
    verification_overhead: f64,
    reliability_care: f64,
    /// Per layer, the relief share `r` (0 in a plain run): see [`Model::relieved`].
    relief: [f64; Layer::COUNT],
    /// Whether any relief is set, so a plain run skips its arithmetic.
    relieved: bool,
    /// Normalised payout split over [`FUNDED`].
    payout_split: [f64; 4],
    initial: State,
}

/// The flows at one state that the rates of change need, in requests/week unless named.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flows {
    /// What users want, and the reliability-sensitive part of it.
    pub wanted: f64,
    pub sensitive: f64,
    /// Verification capacity and trusted volume: sensitive demand needs both.
    pub verifier_capacity: f64,
    pub trusted_capacity: f64,
    /// Sensitive demand that verification can cover.
    pub verifiable: f64,
    /// Sensitive demand users entrust to the network.
    pub entrusted: f64,
    /// Demand sent to the network: plain demand plus entrusted sensitive demand.
    pub sent: f64,
    pub app_capacity: f64,
    pub app_served: f64,
    pub model_capacity: f64,
    pub model_served: f64,
    /// Compute capacity in requests, net of verification overhead.
    pub compute_capacity: f64,
    /// Requests served end to end.
    pub served: f64,
    pub paying_capacity: f64,
    pub paid: f64,
    /// Money earned by paid requests before the billing delay, and payments reaching the network ($/week).
    pub earned: f64,
    pub payments: f64,
    /// Payouts from the pool and the protocol's share of payments ($/week).
    pub payouts: f64,
    pub protocol: f64,
    /// Share of wanted demand that is served, in [0, 1].
    pub served_fraction: f64,
    /// Share of sent demand that is served, in [0, 1].
    pub reliability: f64,
    /// Share of the compute load that compute carries, in [0, 1].
    pub compute_carry: f64,
    /// Share of sent traffic that is verified, in [0, 1].
    pub verified_share: f64,
    /// Applications outside developers build per week.
    pub organic_apps: f64,
}

/// Per layer: what is asked of it, what it can do, what gets through. See [`Model::layers`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LayerRecord {
    pub demand: [f64; Layer::COUNT],
    pub capacity: [f64; Layer::COUNT],
    pub served: [f64; Layer::COUNT],
}

impl Model {
    /// Unpacks parameters for fast evaluation.
    pub fn new(params: &Params) -> Model {
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
            gpu_throughput: p(Param::ComputeRequestsPerGpu),
            model_throughput: p(Param::ModelsRequestsPerModel),
            app_throughput: p(Param::ApplicationsRequestsPerApp),
            verifier_throughput: p(Param::VerificationRequestsPerNode),
            user_demand: p(Param::UsersRequestsPerUser),
            paid_per_user: p(Param::PaymentsPayingShare) * p(Param::PaymentsPlanRequests),
            gpu_upkeep: GPU_COST / p(Param::ComputeLifetimeWeeks),
            model_upkeep: MODEL_COST / p(Param::ModelsLifetimeWeeks),
            served_per_dollar: [
                payout_split[0] * p(Param::ComputeRequestsPerGpu) * p(Param::ComputeLifetimeWeeks)
                    / GPU_COST,
                payout_split[1] * p(Param::ModelsRequestsPerModel) * p(Param::ModelsLifetimeWeeks)
                    / MODEL_COST,
                payout_split[2] * p(Param::ApplicationsRequestsPerApp) * APP_LIFETIME_WEEKS
                    / APP_COST,
            ],
            per_gpu_lifetime: 1.0 / p(Param::ComputeLifetimeWeeks),
            per_model_lifetime: 1.0 / p(Param::ModelsLifetimeWeeks),
            per_billing_week: 1.0 / p(Param::PaymentsBillingWeeks),
            per_trust_build_week: 1.0 / p(Param::TrustBuildWeeks),
            per_market_user: 1.0 / p(Param::UsersMarket),
            apps_built_per_model_week: p(Param::ApplicationsBuildRate) / WEEKS_PER_YEAR,
            market_users: p(Param::UsersMarket),
            outside_influence_per_week: p(Param::UsersOutsideInfluence) / WEEKS_PER_YEAR,
            word_of_mouth_per_week: p(Param::UsersWordOfMouth) / WEEKS_PER_YEAR,
            price_per_request: p(Param::PaymentsPrice) / 1000.0,
            verification_premium: p(Param::VerificationOverhead).min(p(Param::VerificationValue)),
            payout_rate: if total > 0.0 {
                p(Param::IncentivesPayoutRate)
            } else {
                0.0
            },
            protocol_share: p(Param::IncentivesProtocolShare),
            verification_overhead: p(Param::VerificationOverhead),
            reliability_care: p(Param::TrustReliabilityCare),
            relief: [0.0; Layer::COUNT],
            relieved: false,
            payout_split,
            initial: [0.0; STATE_LEN],
        };
        let mut y = [0.0; STATE_LEN];
        y[GPUS] = p(Param::ComputeInitialGpus);
        y[MODELS] = p(Param::ModelsInitial);
        y[APPS] = p(Param::ApplicationsInitial);
        y[USERS] = INITIAL_USER_SHARE * model.market_users;
        y[POOL] = p(Param::IncentivesInitialPool);
        y[VERIFIERS] = p(Param::VerificationInitialNodes);
        // Starting trust is a share of the verification capacity.
        y[TRUSTED] = p(Param::TrustInitial) * y[VERIFIERS] * p(Param::VerificationRequestsPerNode);
        // Payments start at what week 0's paid usage earns (without noise), and perceptions at
        // week 0's service, so the delays add no start-up dip.
        let start = model.flows(&y, 1.0);
        y[REVENUE] = start.earned;
        y[PERCEIVED_SERVICE] = start.served_fraction;
        y[PERCEIVED_RELIABILITY] = start.reliability;
        model.initial = y;
        model
    }

    /// The state in week 0. Relief never changes it: it is the scenario's.
    pub fn initial_state(&self) -> State {
        self.initial
    }

    /// This model with `layer` relieved by the share `r` (0.1 for 10%).
    ///
    /// A relieved layer gains capacity `r × max(capacity, demand reaching it)`: 10% more
    /// capacity where it has room, 10% of its demand where it has less capacity than demand,
    /// so a layer with none at all gets some. Two layers are relieved otherwise:
    /// - users' capacity is what they want, which is never 0 and which the supply downstream
    ///   depends on, so their relief is `r × wanted` (as if each wanted 10% more);
    /// - incentives pay out of the pool, and money must be conserved, so their relief pays out
    ///   a share `r` faster: `payout_rate × (1 + r)`.
    pub fn relieved(&self, layer: Layer, r: f64) -> Model {
        let mut model = self.clone();
        model.relief[layer.index()] = r;
        model.relieved = r != 0.0;
        model
    }

    /// Computes the flows at a state. `demand_factor` multiplies users' demand (noise; 1 without).
    ///
    /// The demand chain, in requests/week:
    /// - users want `wanted = users * requests_per_user`; the share `care` of it is sensitive:
    ///   it passes verification (capacity `verifiers * requests_per_node`), then trust (capacity:
    ///   the trusted-volume stock); the rest goes straight on;
    /// - what is sent passes applications, then models, then compute, each `smooth_min(demand, capacity)`;
    ///   verified requests load compute `1 + overhead` times;
    /// - paid requests are `smooth_min(served, users * paying_share * plan_requests)`.
    #[inline(always)]
    pub fn flows(&self, y: &State, demand_factor: f64) -> Flows {
        if self.relieved {
            self.flows_with::<true>(y, demand_factor)
        } else {
            self.flows_with::<false>(y, demand_factor)
        }
    }

    /// Whether a layer is relieved (see [`Model::relieved`]).
    pub fn is_relieved(&self) -> bool {
        self.relieved
    }

    /// [`Model::flows`], with the relief's arithmetic compiled in only when `RELIEVED`; the
    /// caller knows which, so a run has one copy of the chain.
    #[inline(always)]
    pub fn flows_with<const RELIEVED: bool>(&self, y: &State, demand_factor: f64) -> Flows {
        // `capacity + r × max(capacity, demand)` (see [`Model::relieved`]).
        let relieve = |layer: Layer, capacity: f64, demand: f64| -> f64 {
            if RELIEVED {
                let larger = if capacity > demand { capacity } else { demand };
                capacity + self.relief[layer.index()] * larger
            } else {
                capacity
            }
        };
        let user_relief = if RELIEVED {
            1.0 + self.relief[Layer::Users.index()]
        } else {
            1.0
        };
        let payout_relief = if RELIEVED {
            1.0 + self.relief[Layer::Incentives.index()]
        } else {
            1.0
        };
        // Each layer passes `smooth_min(demand, capacity)` of what reaches it. That chain of
        // layers is the critical path of a step; `smooth_min` divides only by capacities, which
        // depend on the stocks and are ready early, and the shares at the end take the
        // reciprocals of their wholes before the served demand arrives.
        let users = y[USERS].clamp(0.0, self.market_users);
        let wanted = users * (self.user_demand * user_relief * demand_factor);
        let care = self.reliability_care;
        let sensitive = users * (self.user_demand * user_relief * demand_factor * care);
        let verifier_capacity = relieve(
            Layer::Verification,
            y[VERIFIERS].max(0.0) * self.verifier_throughput,
            sensitive,
        );
        let app_capacity = y[APPS].max(0.0) * self.app_throughput;
        let model_capacity = y[MODELS].max(0.0) * self.model_throughput;
        let gpu_capacity = y[GPUS].max(0.0) * self.gpu_throughput;

        // Sensitive demand must first be verifiable, then trusted; the rest goes straight on.
        let verifiable = chain_min(sensitive, verifier_capacity);
        let trusted_capacity = relieve(Layer::Trust, y[TRUSTED].max(0.0), verifiable);
        let entrusted = chain_min(verifiable, trusted_capacity);
        let sent = (wanted - sensitive).max(0.0) + entrusted;
        let app_capacity = relieve(Layer::Applications, app_capacity, sent);
        let app_served = chain_min(sent, app_capacity);
        let model_capacity = relieve(Layer::Models, model_capacity, app_served);
        let model_served = chain_min(app_served, model_capacity);
        // Verified requests (the entrusted ones, passing applications and models in the same
        // share as the rest) load compute `1 + overhead` times, so compute's capacity in
        // requests is its raw capacity over `1 + overhead * verified_share`.
        let verified_share = if sent > 0.0 { entrusted / sent } else { 0.0 };
        let overhead_factor = 1.0 + self.verification_overhead * verified_share;
        let compute_capacity =
            relieve(Layer::Compute, gpu_capacity / overhead_factor, model_served);
        let served = chain_min(model_served, compute_capacity);
        let paying_capacity = relieve(Layer::Payments, users * self.paid_per_user, served);
        let paid = chain_min(served, paying_capacity);
        // Verified requests are paid in the same share as they are sent, at the premium.
        let price = self.price_per_request * (1.0 + self.verification_premium * verified_share);
        let payments = y[REVENUE].max(0.0);
        Flows {
            wanted,
            sensitive,
            verifier_capacity,
            verifiable,
            entrusted,
            trusted_capacity,
            sent,
            app_capacity,
            app_served,
            model_capacity,
            model_served,
            compute_capacity,
            served,
            paying_capacity,
            paid,
            earned: paid * price,
            payments,
            payouts: self.payout_rate * payout_relief * y[POOL].max(0.0),
            protocol: payments * self.protocol_share,
            served_fraction: share(served, wanted, 1.0 / wanted),
            reliability: share(served, sent, 1.0 / sent),
            compute_carry: share(served, model_served, 1.0 / model_served),
            verified_share,
            organic_apps: self.apps_built_per_model_week * y[MODELS].max(0.0),
        }
    }

    /// Payouts to each of [`FUNDED`] ($/week) out of total `payouts`.
    #[inline(always)]
    pub fn payouts_to(&self, payouts: f64) -> [f64; 4] {
        self.payout_split.map(|share| share * payouts)
    }

    /// Writes the rate of change of every state variable into `dy`, from the flows at `y`.
    #[inline(always)]
    pub fn rates(&self, y: &State, f: &Flows, dy: &mut State) {
        let users = y[USERS].clamp(0.0, self.market_users);
        let [to_compute, to_models, to_apps, to_verification] = self.payouts_to(f.payouts);

        dy[GPUS] = to_compute * (1.0 / GPU_COST) - y[GPUS] * self.per_gpu_lifetime;
        // Compute enables models: new models are deployed only as far as compute carries its load.
        dy[MODELS] =
            to_models * (1.0 / MODEL_COST) * f.compute_carry - y[MODELS] * self.per_model_lifetime;
        // Models enable applications: outside developers build on hosted models, grants add more.
        dy[APPS] =
            to_apps * (1.0 / APP_COST) + f.organic_apps - y[APPS] * (1.0 / APP_LIFETIME_WEEKS);
        // Bass diffusion scaled by how well users see the network serve them; unmet demand
        // adds churn. Written as `perceived * (adoption + unmet churn) - all churn`, which is
        // `adoption * perceived - base churn - unmet churn * (1 - perceived)`.
        let adoption = (self.outside_influence_per_week
            + self.word_of_mouth_per_week * users * self.per_market_user)
            * (self.market_users - users);
        let churn = users * (BASE_CHURN_PER_WEEK + UNMET_CHURN_PER_WEEK);
        dy[USERS] = y[PERCEIVED_SERVICE] * (adoption + users * UNMET_CHURN_PER_WEEK) - churn;
        dy[REVENUE] = (f.earned - y[REVENUE]) * self.per_billing_week;
        dy[POOL] = f.payments - f.protocol - f.payouts;
        dy[VERIFIERS] = to_verification * (1.0 / VERIFIER_COST)
            - y[VERIFIERS] * (1.0 / VERIFIER_LIFETIME_WEEKS);
        // Trust follows verification capacity, discounted by how reliably users see sent
        // requests served.
        dy[TRUSTED] = (f.verifier_capacity * y[PERCEIVED_RELIABILITY] - y[TRUSTED])
            * self.per_trust_build_week;
        dy[PAID_TOTAL] = f.paid;
        dy[PAYMENTS_TOTAL] = f.payments;
        dy[PAYOUTS_TOTAL] = f.payouts;
        dy[PROTOCOL_TOTAL] = f.protocol;
        dy[USER_WEEKS_TOTAL] = users;
        // Users notice changes in service with a first-order delay. Besides being how people
        // learn, it means no rate here waits on the end of this evaluation's demand chain
        // except the models' (see MODEL.md, "Why perception is delayed").
        dy[PERCEIVED_SERVICE] =
            (f.served_fraction - y[PERCEIVED_SERVICE]) * (1.0 / PERCEPTION_WEEKS);
        dy[PERCEIVED_RELIABILITY] =
            (f.reliability - y[PERCEIVED_RELIABILITY]) * (1.0 / PERCEPTION_WEEKS);
    }

    /// Projects a state back onto its domain after a step: stocks at least 0, users at most
    /// the market, perceptions in [0, 1]. The pool and the running totals are left alone so
    /// money stays conserved.
    pub fn clamp(&self, y: &mut State) {
        for i in [GPUS, MODELS, APPS, REVENUE, VERIFIERS, TRUSTED] {
            y[i] = y[i].max(0.0);
        }
        y[USERS] = y[USERS].clamp(0.0, self.market_users);
        for i in [PERCEIVED_SERVICE, PERCEIVED_RELIABILITY] {
            y[i] = y[i].clamp(0.0, 1.0);
        }
    }

    /// What each layer is asked, can do, and passes, for the record of a run.
    ///
    /// Compute, models and applications: the requests reaching them, their capacity (compute's
    /// net of verification overhead), the requests they pass. Payments: served requests, the
    /// paying capacity, paid requests. Verification: sensitive demand, verifier capacity, what
    /// it can cover. Trust: that verifiable demand, the trusted volume, what users entrust.
    /// Users run the other way: demand is the supply offered to them (what applications,
    /// models and compute could carry), capacity is what they want, so utilization above 1 means
    /// supply waits for users. Incentives, in $/week: demand is the upkeep of the supply in use
    /// (the depreciation, at replacement cost, of the busy share of each funded layer), capacity
    /// is payouts, so utilization above 1 means payouts do not keep the busy supply from shrinking.
    pub fn layers(&self, y: &State, f: &Flows) -> LayerRecord {
        use Layer::*;
        let offer = smooth_min(
            f.app_capacity,
            smooth_min(f.model_capacity, f.compute_capacity),
        );
        let verifiable = f.verifiable;
        let mut record = LayerRecord::default();
        let mut put = |layer: Layer, demand: f64, capacity: f64, through: f64| {
            record.demand[layer.index()] = demand;
            record.capacity[layer.index()] = capacity;
            record.served[layer.index()] = through;
        };
        put(Compute, f.model_served, f.compute_capacity, f.served);
        put(Models, f.app_served, f.model_capacity, f.model_served);
        put(Applications, f.sent, f.app_capacity, f.app_served);
        put(Users, offer, f.wanted, f.served);
        put(Payments, f.served, f.paying_capacity, f.paid);
        put(Verification, f.sensitive, f.verifier_capacity, verifiable);
        put(Trust, verifiable, f.trusted_capacity, f.entrusted);
        let busy = |through: f64, capacity: f64| {
            if capacity > 0.0 {
                (through / capacity).min(1.0)
            } else {
                0.0
            }
        };
        let upkeep = busy(f.served, f.compute_capacity) * y[GPUS] * self.gpu_upkeep
            + busy(f.model_served, f.model_capacity) * y[MODELS] * self.model_upkeep
            + busy(f.app_served, f.app_capacity)
                * (y[APPS] * (1.0 / APP_LIFETIME_WEEKS) - f.organic_apps).max(0.0)
                * APP_COST
            + busy(f.entrusted, f.verifier_capacity)
                * y[VERIFIERS]
                * (VERIFIER_COST / VERIFIER_LIFETIME_WEEKS);
        put(Incentives, upkeep, f.payouts, smooth_min(upkeep, f.payouts));
        record
    }

    /// The loop gain at these flows: the requests that one extra served request pays to have
    /// served again, once its payment has gone round the loop.
    ///
    /// One more served request earns `price` times the slope of paid requests in served ones;
    /// after the protocol share the pool pays all of it out, split by the payout weights. Each
    /// dollar buys capacity in compute, models and applications, which lasts a mean lifetime, so
    /// serves `throughput * lifetime / cost` requests. A request needs all three, so the loop
    /// returns the smallest of the three. Verification's share buys verifier nodes, which raise
    /// trust rather than throughput. Above 1, served demand pays for more than itself and the loop can grow;
    /// below 1 it cannot sustain itself.
    pub fn loop_gain(&self, f: &Flows) -> f64 {
        let (_, paid_slope) = smooth_min_and_slope(f.served, f.paying_capacity);
        let [compute, models, apps] = self.served_per_dollar;
        let compute = compute / (1.0 + self.verification_overhead * f.verified_share);
        let models = models * f.compute_carry;
        paid_slope
            * self.price_per_request
            * (1.0 + self.verification_premium * f.verified_share)
            * (1.0 - self.protocol_share)
            * compute.min(models).min(apps)
    }
}

/// Share of the sensitive demand that users entrust to the network, in [0, 1]: 1 when there is
/// no sensitive demand.
pub fn trust_level(entrusted: f64, sensitive: f64) -> f64 {
    if sensitive > 0.0 {
        (entrusted / sensitive).min(1.0)
    } else {
        1.0
    }
}

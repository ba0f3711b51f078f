import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { session, loadMe } from './session'
import { allowed, homeFor, type Capability } from './roles'
import { setUnauthorizedHandler } from './api'
import LoginView from './views/LoginView.vue'
import AppShell from './components/AppShell.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    cap?: Capability
    public?: boolean
  }
}


export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
    // 农户自主申报: public, no login, outside the shell
    { path: '/apply', name: 'apply', component: () => import('./views/ApplyView.vue'), meta: { public: true, title: '农户自主申报' } },
    { path: '/apply/status', name: 'apply-status', component: () => import('./views/ApplyStatusView.vue'), meta: { public: true, title: '申报办理进度' } },
    {
      path: '/',
      component: AppShell,
      children: [
        { path: '', name: 'home', component: { render: () => null } },
        { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '工作台', cap: 'dashboard' } },
        { path: 'households', name: 'households', component: () => import('./views/HouseholdsView.vue'), meta: { title: '农户', cap: 'households' } },
        { path: 'households/:id', name: 'household', component: () => import('./views/HouseholdView.vue'), meta: { title: '农户详情', cap: 'households' } },
        { path: 'import', name: 'import', component: () => import('./views/ImportView.vue'), meta: { title: '导入', cap: 'import' } },
        { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '用户管理', cap: 'users' } },
        { path: 'password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
        { path: 'tasks', name: 'tasks', component: () => import('./views/TasksView.vue'), meta: { title: '我的任务', cap: 'tasks' } },
        { path: 'cases', name: 'cases', component: () => import('./views/CasesView.vue'), meta: { title: '案件', cap: 'cases' } },
        { path: 'cases/:id', name: 'case', component: () => import('./views/CaseView.vue'), meta: { title: '案件办理', cap: 'cases' } },
        { path: 'warnings', name: 'warnings', component: () => import('./views/WarningsView.vue'), meta: { title: '预警核实', cap: 'warnings' } },
        { path: 'department-data', name: 'department-data', component: () => import('./views/DepartmentDataView.vue'), meta: { title: '数据上报', cap: 'departmentData' } },
        { path: 'applications', name: 'applications', component: () => import('./views/ApplicationsView.vue'), meta: { title: '申报线索', cap: 'applications' } },
        { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue'), meta: { title: '无权访问' } },
        { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
      ],
    },
  ],
  scrollBehavior: () => ({ top: 0 }),
})

function toLogin(to: RouteLocationNormalized) {
  return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.checked || !session.user) {
    try {
      await loadMe()
    } catch {
      // server unreachable: stay, the page will show the error
      return true
    }
  }
  const user = session.user
  if (!user) return toLogin(to)
  if (to.name === 'home') return homeFor(user.role)
  if (to.meta.cap && !allowed(user.role, to.meta.cap)) return { name: 'forbidden', query: { from: to.fullPath } }
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '防止返贫动态监测和帮扶'
})

// A 401 from any call (the session expired, was ended by `user passwd`/`user disable`, or the
// cookie was cleared): back to 登录, then to the page the user was on.
setUnauthorizedHandler(() => {
  const cur = router.currentRoute.value
  if (cur.name === 'login') return
  // the guard's own check of a page load answers 401 too: only a lost session says 已过期
  if (!session.user) return
  session.user = null
  session.checked = false
  session.expired = true
  void router.replace(toLogin(cur))
})

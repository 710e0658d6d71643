package demo

import (
	"strings"

	"hotlinebot/domain"
)

// The topics (诉求分类) of the demo tickets.
const (
	topicCity      = "城市管理类"
	topicHousing   = "住房保障类"
	topicBuild     = "城乡建设类"
	topicTraffic   = "交通运输类"
	topicEnv       = "环境保护类"
	topicLabour    = "劳动保障类"
	topicUtility   = "供水供电类"
	topicEduHealth = "教育卫生类"
	topicMarket    = "市场监管类"
	topicSafety    = "公共安全类"
	topicRural     = "农业农村类"
	topicGov       = "政务服务类"
	topicFinance   = "金融服务类"
	topicTelecom   = "通信服务类"
)

// issue is the gist of a ticket; a local one names the place it happened
// between before and after (金鹗山小区 + 电梯长期故障…, 建议 + 学院路 + 增设…).
type issue struct {
	before, after string
	local         bool
}

// topicSpec is a topic's share of a district's tickets and its issues by
// category, written "*…" when the summary names a place.
type topicSpec struct {
	name   string
	weight float64
	issues map[domain.Category][]string
}

// cityPlaces are where the city bureaus' tickets happen.
func cityPlaces() []string {
	return []string{"巴陵中路", "金鹗中路", "东茅岭路", "洞庭南路", "南湖大道", "学院路", "青年中路",
		"五里牌", "奇家岭", "枫桥湖路", "建湘路", "金鹗山小区", "岳阳站附近", "王家河", "求索路"}
}

// praise is the same whatever the topic: callers thank the unit.
func praise() []string {
	return []string{"来电表扬工作人员办事高效、态度热情", "来电表扬相关单位处理问题及时，已解决诉求",
		"*的问题已解决，来电表示感谢"}
}

func topicSpecs() []topicSpec {
	return []topicSpec{
		{topicCity, 18, map[domain.Category][]string{
			domain.Complaint:  {"*占道经营严重，影响行人通行", "*夜间烧烤油烟扰民", "*建筑垃圾乱倒无人清理", "*违章搭建长期未处理"},
			domain.Help:       {"*路灯不亮，夜间出行不便", "*井盖破损，存在安全隐患", "*垃圾清运不及时，异味严重", "*下水道堵塞，污水外溢"},
			domain.Inquiry:    {"咨询车辆违停被贴单的申诉流程", "咨询店面招牌设置的审批要求"},
			domain.Suggestion: {"建议*增设垃圾分类投放点", "建议*增加公共停车位"},
		}},
		{topicHousing, 10, map[domain.Category][]string{
			domain.Complaint:  {"*物业不作为，电梯长期故障", "*开发商逾期交房", "*房屋漏水，开发商拒不维修"},
			domain.Help:       {"*购房多年仍未办理不动产证", "*安置房交房延期，求助协调", "*小区消防通道被占，物业不管"},
			domain.Inquiry:    {"咨询公租房申请条件和进度", "咨询住房公积金提取办理流程", "咨询二手房交易税费"},
			domain.Suggestion: {"建议*老旧小区加装电梯"},
		}},
		{topicBuild, 8, map[domain.Category][]string{
			domain.Complaint:  {"*工地夜间施工噪音扰民", "*道路开挖后长期未恢复", "*施工围挡占道影响通行"},
			domain.Help:       {"*施工导致居民房屋开裂", "*小区周边道路积水严重"},
			domain.Inquiry:    {"咨询自建房报建审批流程", "咨询片区控制性详细规划"},
			domain.Suggestion: {"建议*修建人行天桥"},
		}},
		{topicTraffic, 9, map[domain.Category][]string{
			domain.Complaint:  {"*公交车到站不停", "出租车拒载、绕路多收费", "*红绿灯故障导致拥堵"},
			domain.Help:       {"*道路破损坑洼积水", "乘车时遗失物品，求助查找", "*路口标线模糊不清"},
			domain.Inquiry:    {"咨询公交线路调整情况", "咨询驾驶证补换领办理", "咨询渡船开航时间"},
			domain.Suggestion: {"建议*增设公交站点", "建议延长夜班公交运营时间"},
		}},
		{topicEnv, 9, map[domain.Category][]string{
			domain.Complaint:  {"*工厂夜间排放刺鼻气体", "*河道污水直排", "*餐馆油烟直排扰民", "*养殖场臭味影响居民生活"},
			domain.Help:       {"*有人露天焚烧垃圾", "*池塘死鱼发臭"},
			domain.Inquiry:    {"咨询环境影响评价办理要求"},
			domain.Suggestion: {"建议加强*周边企业排污监管"},
		}},
		{topicLabour, 9, map[domain.Category][]string{
			domain.Complaint:  {"*工程项目拖欠农民工工资", "公司未依法缴纳社保", "企业辞退员工未支付经济补偿"},
			domain.Help:       {"讨要拖欠工资无果，求助协调", "工伤认定迟迟未办理"},
			domain.Inquiry:    {"咨询社保卡补办流程", "咨询失业金申领条件", "咨询灵活就业人员参保缴费"},
			domain.Suggestion: {"建议简化退休资格认证手续"},
		}},
		{topicUtility, 10, map[domain.Category][]string{
			domain.Complaint:  {"*频繁停电影响生活", "*电费异常偏高", "*自来水水质浑浊发黄"},
			domain.Help:       {"*停水未提前通知", "*燃气管道漏气", "*水压不足，高层无水", "*停电超过十小时未恢复"},
			domain.Inquiry:    {"咨询阶梯电价计费标准", "咨询燃气开户办理流程", "咨询水表更换费用"},
			domain.Suggestion: {"建议停水停电提前短信通知"},
		}},
		{topicEduHealth, 8, map[domain.Category][]string{
			domain.Complaint:  {"*学校违规收取资料费", "校外培训机构退费难", "*医院看病排队时间过长"},
			domain.Help:       {"孩子入学学位未落实，求助协调", "异地就医报销遇到困难"},
			domain.Inquiry:    {"咨询义务教育招生划片", "咨询医保报销比例", "咨询疫苗接种预约"},
			domain.Suggestion: {"建议*增设社区卫生服务站"},
		}},
		{topicMarket, 6, map[domain.Category][]string{
			domain.Complaint:  {"*超市销售过期食品", "商家虚假宣传拒不退款", "预付卡消费退费难", "*餐馆卫生条件差"},
			domain.Help:       {"网购商品质量问题商家拒绝处理"},
			domain.Inquiry:    {"咨询个体工商户营业执照办理", "咨询食品经营许可证办理"},
			domain.Suggestion: {"建议加强*农贸市场价格监管"},
		}},
		{topicSafety, 5, map[domain.Category][]string{
			domain.Complaint:  {"*有人聚众赌博", "*车辆长期占用消防通道"},
			domain.Help:       {"*电动车被盗", "*小区监控损坏，存在安全隐患"},
			domain.Inquiry:    {"咨询户籍迁移办理", "咨询身份证异地补办"},
			domain.Suggestion: {"建议*加强夜间巡逻"},
		}},
		{topicRural, 5, map[domain.Category][]string{
			domain.Complaint:  {"*病死畜禽随意丢弃", "惠农补贴未按时发放"},
			domain.Help:       {"*农村道路损坏", "*农田灌溉渠道堵塞"},
			domain.Inquiry:    {"咨询耕地地力保护补贴标准"},
			domain.Suggestion: {"建议*修缮村级文化广场"},
		}},
		{topicGov, 3, map[domain.Category][]string{
			domain.Complaint:  {"办事窗口工作人员态度差", "办理事项被要求重复提交材料"},
			domain.Help:       {"低保申请迟迟未审批", "残疾人补贴未到账"},
			domain.Inquiry:    {"咨询政务服务事项网上办理", "咨询婚姻登记预约", "咨询高龄津贴申领"},
			domain.Suggestion: {"建议政务大厅延长周末办理时间"},
		}},
		{topicFinance, 1, map[domain.Category][]string{
			domain.Complaint:  {"非法集资平台无法提现", "贷款被收取不合理费用"},
			domain.Help:       {"疑似遭遇电信诈骗，求助追回资金"},
			domain.Inquiry:    {"咨询创业担保贷款申请条件", "咨询个税专项附加扣除"},
			domain.Suggestion: {"建议加强防范非法集资宣传"},
		}},
		{topicTelecom, 1, map[domain.Category][]string{
			domain.Complaint:  {"宽带套餐被私自变更", "*手机信号差，通话经常中断"},
			domain.Help:       {"*宽带故障报修多日未处理"},
			domain.Inquiry:    {"咨询携号转网办理"},
			domain.Suggestion: {"建议*增设通信基站"},
		}},
	}
}

// parseIssues reads the "*" notation: the star marks where the place goes.
func parseIssues(lines []string) []issue {
	out := make([]issue, len(lines))
	for i, s := range lines {
		before, after, local := strings.Cut(s, "*")
		out[i] = issue{before: before, after: after, local: local}
	}
	return out
}

// summary is the ticket's text for an issue that happened at place.
func (is issue) summary(place string) string {
	if !is.local {
		return is.before
	}
	return is.before + place + is.after
}

package demo

import "hotlinebot/domain"

// profile is how a unit handles its tickets.
type profile struct {
	onTime       float64 // share completed by the deadline
	late         float64 // share completed after it; the rest stay open
	rework       float64 // chance a completed ticket was sent back (返工)
	dissatisfied float64 // chance a callback (回访) is 不满意
}

// unitSpec is one demo unit: who it is, how many tickets it gets relative to
// the others, what they are about, and, for the deliberately weak units, how
// badly it handles them.
type unitSpec struct {
	name    string
	kind    domain.UnitKind
	aliases []string
	weight  float64
	topics  []string // nil: the districts' mix of every topic
	places  []string // nil: the city's streets
	weak    *profile // nil: a typical, mostly grade A unit
}

// catalog lists the demo units: the county-level governments and zones, then
// the city bureaus, utilities and enterprises. A few are deliberately weak so
// that the demo shows grades B to E: 市规划局 and 君山区政府 (B), 市金融办 and
// 岳阳海事局 (C), 长岭炼化公司 (D), 市房产服务中心 (E).
func catalog() []unitSpec {
	return append(districtSpecs(), departmentSpecs()...)
}

func districtSpecs() []unitSpec {
	d := func(name string, weight float64, aliases []string, places ...string) unitSpec {
		return unitSpec{name: name, kind: domain.District, aliases: aliases, weight: weight, places: places}
	}
	specs := []unitSpec{
		d("岳阳楼区政府", 900, []string{"岳阳楼区"}, "巴陵中路", "东茅岭路", "洞庭南路", "五里牌", "金鹗山小区", "青年中路"),
		d("岳阳县政府", 700, []string{"岳阳县"}, "荣家湾镇", "新墙镇", "月田镇", "筻口镇"),
		d("平江县政府", 650, []string{"平江县"}, "汉昌街道", "安定镇", "三市镇", "伍市镇"),
		d("华容县政府", 560, []string{"华容县"}, "章华镇", "治河渡镇", "三封寺镇", "东山镇"),
		d("汨罗市政府", 520, []string{"汨罗市"}, "归义街道", "新市镇", "长乐镇", "屈子祠镇"),
		d("临湘市政府", 500, []string{"临湘市"}, "长安街道", "桃林镇", "羊楼司镇", "江南镇"),
		d("湘阴县政府", 500, []string{"湘阴县"}, "文星镇", "东塘镇", "樟树镇", "鹤龙湖镇"),
		d("经开区管委会", 300, []string{"经开区"}, "康王乡", "木里港", "三荷乡", "金凤桥"),
		d("云溪区政府", 250, []string{"云溪区"}, "云溪街道", "陆城镇", "路口镇"),
		d("君山区政府", 220, []string{"君山区"}, "柳林洲街道", "许市镇", "钱粮湖镇"),
		d("南湖新区管委会", 200, []string{"南湖新区"}, "南湖大道", "龙山", "龙湾路"),
		d("屈原管理区", 150, []string{"屈原"}, "营田镇", "河市镇", "凤凰乡"),
		d("城陵矶新港区管委会", 120, []string{"新港区"}, "城陵矶", "松阳湖", "七里山"),
	}
	specs[9].weak = &profile{onTime: 0.88, late: 0.11, rework: 0.02, dissatisfied: 0.12}
	return specs
}

func departmentSpecs() []unitSpec {
	m := func(name string, weight float64, topics []string, aliases ...string) unitSpec {
		return unitSpec{name: name, kind: domain.Department, aliases: aliases, weight: weight, topics: topics}
	}
	t := func(topics ...string) []string { return topics }
	weak := map[string]profile{
		"市规划局":    {onTime: 0.86, late: 0.13, rework: 0.02, dissatisfied: 0.10},
		"市金融办":    {onTime: 0.68, late: 0.29, rework: 0.03, dissatisfied: 0.12},
		"岳阳海事局":   {onTime: 0.72, late: 0.25, rework: 0.04, dissatisfied: 0.15},
		"长岭炼化公司":  {onTime: 0.35, late: 0.55, rework: 0.06, dissatisfied: 0.18},
		"市房产服务中心": {onTime: 0.20, late: 0.40, rework: 0.15, dissatisfied: 0.35},
	}
	specs := []unitSpec{
		m("市城管局", 400, t(topicCity), "城管"),
		m("市住建局", 350, t(topicHousing, topicBuild), "住建"),
		m("市人社局", 300, t(topicLabour), "人社", "社保"),
		m("国网岳阳供电公司", 300, t(topicUtility), "供电公司", "国网"),
		m("市水务集团", 280, t(topicUtility), "水务", "自来水公司"),
		m("市公安局", 250, t(topicSafety), "公安"),
		m("市市场监管局", 220, t(topicMarket), "市场监管", "市监局"),
		m("市交警支队", 200, t(topicTraffic, topicSafety), "交警"),
		m("市教育局", 180, t(topicEduHealth), "教育局"),
		m("市卫健委", 150, t(topicEduHealth), "卫健委"),
		m("市医保局", 150, t(topicEduHealth, topicLabour), "医保"),
		m("市交通运输局", 150, t(topicTraffic), "交通局"),
		m("市公交集团", 140, t(topicTraffic), "公交"),
		m("市生态环境局", 120, t(topicEnv), "环保", "生态环境局"),
		m("岳阳昆仑燃气公司", 90, t(topicUtility), "燃气公司"),
		m("市房产服务中心", 80, t(topicHousing), "房产中心"),
		m("中国移动岳阳分公司", 70, t(topicTelecom), "移动"),
		m("市不动产登记中心", 60, t(topicHousing), "不动产"),
		m("市住房公积金管理中心", 60, t(topicHousing, topicFinance), "公积金"),
		m("市民政局", 60, t(topicGov), "民政"),
		m("市规划局", 60, t(topicBuild, topicHousing), "规划局"),
		m("中国电信岳阳分公司", 60, t(topicTelecom), "电信"),
		m("市排水事务中心", 55, t(topicCity, topicUtility), "排水"),
		m("市税务局", 50, t(topicGov, topicFinance), "税务"),
		m("市环境卫生服务中心", 50, t(topicCity), "环卫"),
		m("市农业农村局", 45, t(topicRural), "农业农村局"),
		m("市路灯管理处", 45, t(topicCity), "路灯所"),
		m("中国联通岳阳分公司", 40, t(topicTelecom), "联通"),
		m("市住房保障服务中心", 40, t(topicHousing), "住房保障"),
		m("市政务服务局", 40, t(topicGov), "政务服务"),
		m("市园林绿化中心", 35, t(topicCity, topicEnv), "园林"),
		m("长岭炼化公司", 35, t(topicEnv, topicSafety), "长岭炼化"),
		m("市金融办", 30, t(topicFinance), "金融办"),
		m("岳阳海事局", 30, t(topicTraffic), "海事局"),
		m("市水利局", 30, t(topicRural, topicUtility), "水利局"),
		m("市公路建设养护中心", 30, t(topicTraffic), "公路中心"),
		m("市文旅广体局", 25, t(topicMarket, topicGov), "文旅局"),
		m("市应急管理局", 25, t(topicSafety), "应急局"),
		m("市消防救援支队", 25, t(topicSafety), "消防"),
		m("市退役军人事务局", 20, t(topicGov), "退役军人事务局"),
		m("市城投集团", 20, t(topicBuild), "城投"),
		m("市疾控中心", 20, t(topicEduHealth), "疾控"),
		m("市中心医院", 20, t(topicEduHealth)),
		m("市一人民医院", 20, t(topicEduHealth)),
		m("市商务局", 15, t(topicMarket), "商务局"),
		m("市司法局", 15, t(topicGov), "司法局"),
		m("市林业局", 12, t(topicRural), "林业局"),
		m("岳阳火车站", 12, t(topicTraffic)),
		m("岳阳三荷机场", 10, t(topicTraffic), "机场"),
		m("城陵矶港务公司", 10, t(topicTraffic), "港务公司"),
		m("市邮政管理局", 10, t(topicTelecom), "邮政管理局"),
		m("市发改委", 10, t(topicGov, topicUtility), "发改委"),
		m("市工信局", 8, t(topicGov), "工信局"),
		m("市信访局", 8, t(topicGov), "信访局"),
		m("市残联", 8, t(topicGov)),
		m("市总工会", 8, t(topicLabour)),
		m("市畜牧水产事务中心", 8, t(topicRural)),
		m("市殡葬管理处", 6, t(topicGov)),
		m("市数据资源局", 6, t(topicGov)),
		m("市教育考试院", 6, t(topicEduHealth)),
		m("市民族宗教事务局", 5, t(topicGov)),
		m("市妇联", 5, t(topicGov)),
		m("团市委", 4, t(topicGov)),
		m("市红十字会", 4, t(topicGov)),
		m("市烟草专卖局", 4, t(topicMarket)),
		m("岳阳职业技术学院", 4, t(topicEduHealth)),
		m("湖南理工学院", 4, t(topicEduHealth)),
		m("市广播电视台", 3, t(topicTelecom)),
		m("市科技局", 3, t(topicGov)),
		m("市财政局", 3, t(topicFinance), "财政局"),
		m("市国资委", 2, t(topicGov)),
		m("市机关事务局", 2, t(topicGov)),
		m("市人防办", 2, t(topicBuild)),
		m("市审计局", 1, t(topicGov), "审计局"),
		m("市统计局", 0.5, t(topicGov)),
		m("市气象局", 0.3, t(topicGov)),
		m("市档案馆", 0.2, t(topicGov)),
	}
	for i := range specs {
		if p, ok := weak[specs[i].name]; ok {
			specs[i].weak = &p
		}
	}
	return specs
}

// Units are the demo's responsible units, districts first, without IDs (the
// store assigns them); some have short aliases such as 城管 for 市城管局.
func Units() []domain.Unit {
	specs := catalog()
	units := make([]domain.Unit, len(specs))
	for i, s := range specs {
		units[i] = domain.Unit{Name: s.name, Kind: s.kind, Aliases: append([]string(nil), s.aliases...)}
	}
	return units
}
